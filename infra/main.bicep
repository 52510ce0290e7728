// Budapest Post backend: everything `azd up` deploys, in one resource group.
targetScope = 'subscription'

@description('Required. azd environment name; names the resource group and seeds the unique resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Required. Azure region of every resource; it must offer the Flex Consumption plan.')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional. Object id of whoever runs azd; with grantDeveloperAccess it may upload article files.')
param principalId string = ''

@description('Optional. Kind of principal principalId is: User for a person, ServicePrincipal for a CI pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional. Grant principalId Storage Blob Data Contributor on the articles container.')
param grantDeveloperAccess bool = true

@description('Optional. Put the app in a virtual network and reach storage only through private endpoints.')
param vnetEnabled bool = false

@description('Optional. Storage replication: LRS is the cheapest; ZRS survives the loss of one zone.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Optional. Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound on the function app\'s scale-out.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Comma-separated browser origins allowed to call the API (CORS), e.g. https://budapestpost.example; empty allows none.')
param corsAllowedOrigins string = ''

@description('Optional. Put an Azure Front Door (Standard) profile in front of the app (website and API); its edges cache anonymous reads and pages.')
param frontDoorEnabled bool = false

@description('Optional. How many related articles the related-article engine keeps per article.')
@minValue(1)
@maxValue(50)
param relatedTopK int = 10

@description('Optional. Address the alert action group mails; empty leaves the alerts in the portal only.')
param alertEmail string = ''

@description('Optional. Microsoft Defender for Storage on the account (malware and anomaly detection; billed per account and per scanned GB).')
param defenderForStorageEnabled bool = false

@description('Optional. Secondary region for Log Analytics workspace replication (a supported pair of location); empty keeps one region.')
param logAnalyticsReplicationLocation string = ''

@description('Optional. Public base URL of a separate website front end, e.g. https://budapestpost.example; empty: the app serves the website itself, at its own URL (the Front Door endpoint\'s with frontDoorEnabled).')
param siteBaseUrl string = ''

@description('Optional. Serve the reader website from the app, at its root; turn off when a separate front end serves siteBaseUrl.')
param sitePagesEnabled bool = true

@description('Optional. Name of the website, in feeds and page titles.')
@minLength(1)
param siteTitle string = 'Budapest Post'

@description('Optional. One-sentence description of the website, in feeds and metadata.')
@minLength(1)
param siteDescription string = 'News from Budapest and Europe, written with AI and checked by readers.'

@description('Optional. Language of the website as a BCP 47 tag.')
@minLength(2)
param siteLanguage string = 'en'

@description('Optional. Publisher name, in structured data and feeds.')
@minLength(1)
param sitePublicationName string = 'Budapest Post'

@description('Optional. Client id of the Entra application that signs in to Communication Services SMTP for the newsletter; empty until registered.')
param smtpEntraApplicationId string = ''

@description('Optional. Object id of that application\'s service principal.')
param smtpServicePrincipalId string = ''

@description('Optional. Narrate every article with Azure AI Speech (Audio__Enabled); false deploys no Speech resource.')
param audioEnabled bool = true

@description('Optional. Neural voice that reads the articles, e.g. en-GB-SoniaNeural, en-US-AvaMultilingualNeural (Audio__Voice).')
@minLength(1)
param audioVoice string = 'en-GB-SoniaNeural'

// Blob-triggered functions wired to Event Grid by the postdeploy hook: the one list of them.
var blobTriggerFunctions = [
  'PublishArticle'
  'RenderRelatedIndexes'
  'IndexArticleForSearch'
  'RenderArticleAudio'
]
var articlesContainerName = 'articles'
var articleBlobSuffix = '.md'
var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'event-dead-letters'
var containerNames = [
  articlesContainerName
  'published'
  'indexes'
  'search'
  'newsletter'
  'audio'
  deploymentContainerName
  deadLetterContainerName
]
var tableNames = [
  'Articles'
  'Feedback'
  'PublishErrors'
  'Corrections'
  'Newsletter'
  'PendingFiles'
  'Narrations'
  'Audit'
]

var serviceName = 'api'
var smtpUserName = 'newsletter'
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  resourceGroup: 'rg-${environmentName}'
  identity: 'id-${serviceName}-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${serviceName}-${resourceToken}'
  systemTopic: 'evgt-${resourceToken}'
  actionGroup: 'ag-${resourceToken}'
  vnet: 'vnet-${resourceToken}'
  frontDoor: 'afd-${resourceToken}'
  communicationService: 'acs-${resourceToken}'
  emailService: 'ecs-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  speech: 'spch-${resourceToken}'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSkuName
    containerNames: containerNames
    tableNames: tableNames
    privateNetworkOnly: vnetEnabled
    defenderEnabled: defenderForStorageEnabled
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    replicationLocation: logAnalyticsReplicationLocation
  }
}

// Modules below take names known before deployment (not outputs) so What-If can predict them; the
// dependsOn lists carry the ordering instead.
module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  scope: resourceGroup
  dependsOn: [
    storage
  ]
  params: {
    name: names.systemTopic
    location: location
    tags: tags
    storageAccountName: names.storage
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: resourceGroup
  dependsOn: [
    storage
    communication
  ]
  params: {
    name: names.vnet
    location: location
    tags: tags
    storageAccountName: names.storage
    keyVaultName: names.keyVault
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  dependsOn: [
    identity
    storage
    monitoring
    eventGrid
  ]
  params: {
    storageAccountName: names.storage
    articlesContainerName: articlesContainerName
    deadLetterContainerName: deadLetterContainerName
    applicationInsightsName: names.applicationInsights
    identityName: names.identity
    systemTopicName: names.systemTopic
    developerPrincipalId: grantDeveloperAccess ? principalId : ''
    developerPrincipalType: principalType
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: resourceGroup
  dependsOn: [
    identity
  ]
  params: {
    communicationServiceName: names.communicationService
    emailServiceName: names.emailService
    keyVaultName: names.keyVault
    location: location
    tags: tags
    appIdentityName: names.identity
    smtpUserName: smtpUserName
    smtpEntraApplicationId: smtpEntraApplicationId
    smtpServicePrincipalId: smtpServicePrincipalId
    privateNetworkOnly: vnetEnabled
  }
}

module speech 'modules/speech.bicep' = if (audioEnabled) {
  name: 'speech'
  scope: resourceGroup
  dependsOn: [
    identity
  ]
  params: {
    name: names.speech
    location: location
    tags: tags
    appIdentityName: names.identity
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  // The host must find its storage roles in place when it first starts.
  dependsOn: [
    rbac
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: serviceName
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    allowedOrigins: empty(corsAllowedOrigins) ? [] : map(split(corsAllowedOrigins, ','), origin => trim(origin))
    siteBaseUrl: siteBaseUrl
    appSettings: {
      Related__RelatedCount: string(relatedTopK)
      Site__ServePages: string(sitePagesEnabled)
      Site__Title: siteTitle
      Site__Description: siteDescription
      Site__Language: siteLanguage
      Site__PublicationName: sitePublicationName
      // The digest timer's tick (the trigger binds it by name); the digest schedule is the app's own setting.
      NewsletterTimerSchedule: '0 */5 * * * *'
      Smtp__Host: 'smtp.azurecomm.net'
      Smtp__Port: '587'
      Smtp__Security: 'StartTls'
      Smtp__UserName: smtpUserName
      // A reference, resolved by the platform with the app's identity: the secret itself is only in the vault.
      Smtp__Password: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=smtp-password)'
      Newsletter__From: communication.outputs.senderAddress
      // Narration with Azure AI Speech, signed in as the app's identity; the timer retries what failed.
      Audio__Enabled: string(audioEnabled)
      Audio__Synthesizer: 'AzureSpeech'
      Audio__SpeechEndpoint: audioEnabled ? speech!.outputs.endpoint : ''
      Audio__Voice: audioVoice
      Audio__ClientId: identity.outputs.clientId
      AudioTimerSchedule: '45 * * * * *'
    }
    subnetResourceId: vnetEnabled ? network!.outputs.appSubnetResourceId : ''
    frontDoorId: frontDoorEnabled ? frontDoorProfile!.outputs.frontDoorId : ''
    publicHostName: frontDoorEnabled ? frontDoorProfile!.outputs.endpointHostName : ''
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: resourceGroup
  dependsOn: [
    monitoring
    eventGrid
  ]
  params: {
    actionGroupName: names.actionGroup
    alertEmail: alertEmail
    location: location
    tags: tags
    applicationInsightsName: names.applicationInsights
    storageAccountName: names.storage
    systemTopicName: names.systemTopic
  }
}

// The profile and its endpoint first: the app admits only the profile's requests and links readers to the endpoint;
// the endpoint's origin and route need the app's host name.
module frontDoorProfile 'modules/front-door-profile.bicep' = if (frontDoorEnabled) {
  name: 'front-door-profile'
  scope: resourceGroup
  params: {
    name: names.frontDoor
    tags: tags
  }
}

module frontDoor 'modules/front-door.bicep' = if (frontDoorEnabled) {
  name: 'front-door'
  scope: resourceGroup
  params: {
    name: names.frontDoor
    originHostName: functionApp.outputs.defaultHostName
  }
}

// Read by azd and by the postdeploy hook; names and endpoints only, never keys.
@description('Azure region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding everything.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Host name of the function app, as Azure assigned it.')
output AZURE_FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName

@description('Base URL of the API service.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Container article sources (*.md) are uploaded to.')
output AZURE_STORAGE_ARTICLES_CONTAINER string = articlesContainerName

@description('Suffix of the article blobs the triggers react to.')
output AZURE_STORAGE_ARTICLES_SUFFIX string = articleBlobSuffix

@description('Container Event Grid writes undeliverable events to.')
output AZURE_STORAGE_DEAD_LETTER_CONTAINER string = deadLetterContainerName

@description('Resource id of the storage account (the dead-letter destination).')
output AZURE_STORAGE_ACCOUNT_ID string = storage.outputs.resourceId

@description('Resource id of the Event Grid system topic on the storage account.')
output AZURE_EVENT_GRID_SYSTEM_TOPIC_ID string = eventGrid.outputs.resourceId

@description('Vault where the newsletter\'s SMTP sign-in (the Entra application\'s client secret) is stored as smtp-password.')
output AZURE_VAULT_NAME string = names.keyVault

@description('Comma-separated blob-triggered functions that need an Event Grid subscription.')
output AZURE_BLOB_TRIGGER_FUNCTIONS string = join(blobTriggerFunctions, ',')

@description('Endpoint of the Speech resource (its custom subdomain) when audioEnabled, otherwise empty.')
output AZURE_SPEECH_ENDPOINT string = audioEnabled ? speech!.outputs.endpoint : ''

@description('The API through Front Door when frontDoorEnabled, otherwise empty.')
output AZURE_FRONT_DOOR_API_URI string = frontDoorEnabled ? 'https://${frontDoor!.outputs.endpointHostName}' : ''
