// Flex Consumption plan and the function app. Storage and telemetry are reached with the user-assigned
// identity: no key, connection string or secret is stored in the app's settings.

@description('Required. Name of the function app (also the start of its host name).')
@minLength(2)
@maxLength(60)
param name string

@description('Required. Name of the Flex Consumption plan (one app per plan).')
@minLength(1)
@maxLength(60)
param planName string

@description('Required. Azure region of the plan and the app.')
param location string

@description('Required. Tags applied to the plan and the app; the app adds azd-service-name.')
param tags object

@description('Required. azd service name of the app (the key under services in azure.yaml).')
param serviceName string

@description('Required. Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Required. Client id of that identity.')
param identityClientId string

@description('Required. Name of the storage account used through the AzureWebJobsStorage connection.')
param storageAccountName string

@description('Required. Blob container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Optional. Worker runtime; Flex Consumption takes it here instead of FUNCTIONS_WORKER_RUNTIME.')
@allowed([
  'dotnet-isolated'
])
param runtimeName string = 'dotnet-isolated'

@description('Optional. Runtime version, exactly as Flex Consumption names it (\'10\' is accepted by ARM but the host then fails to start).')
@allowed([
  '10.0'
])
param runtimeVersion string = '10.0'

@description('Optional. Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound on scale-out.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Browser origins allowed to call the API (CORS); empty allows none.')
param allowedOrigins string[] = []

@description('Optional. Application options as app settings (for example Related__RelatedCount); never secrets.')
param appSettings object = {}

@description('Optional. Public base URL of the website (Site__BaseUrl); empty uses the app\'s public address, where it serves the website itself.')
param siteBaseUrl string = ''

@description('Optional. Host name readers reach the app at when it is not its own, e.g. the Front Door endpoint\'s; empty uses the app\'s own.')
param publicHostName string = ''

@description('Optional. Resource id of the subnet the app integrates with; empty for no virtual network.')
param subnetResourceId string = ''

@description('Optional. The frontDoorId of the Front Door profile in front of the app; when set, the app takes requests only from that profile (and Event Grid deliveries).')
param frontDoorId string = ''

@description('Required. Client (application) id of the Entra app registration the app\'s built-in authentication signs editors in with.')
@minLength(36)
@maxLength(36)
param authClientId string

@description('Required. Tenant of that app registration.')
param authTenantId string

@description('Required. Audiences a bearer token may be issued for (the registration\'s application id URI, usually).')
@minLength(1)
param authAllowedAudiences string[]

var frontDoorOnly = !empty(frontDoorId)

// Where readers reach the app: through Front Door when it is in front (the app then refuses anyone else), else itself.
var publicHost = empty(publicHostName) ? site.properties.defaultHostName : publicHostName

// The service tag admits every Front Door profile's back ends, anyone's: the X-Azure-FDID header check
// narrows it to ours. Event Grid delivers blob events to the blobs extension's webhook on the app itself.
// The scm site (deployments) keeps its own, open, rules.
var frontDoorOnlyRestrictions = [
  {
    name: 'front-door'
    description: 'Requests through this deployment\'s Front Door profile'
    action: 'Allow'
    priority: 100
    tag: 'ServiceTag'
    ipAddress: 'AzureFrontDoor.Backend'
    headers: {
      'x-azure-fdid': [
        frontDoorId
      ]
    }
  }
  {
    name: 'event-grid'
    description: 'Blob event deliveries to the blobs extension webhook'
    action: 'Allow'
    priority: 200
    tag: 'ServiceTag'
    ipAddress: 'AzureEventGrid'
  }
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Every instance serves any request: no ARR affinity cookie pins a client to one instance.
    clientAffinityEnabled: false
    // Key Vault references in app settings (the SMTP password) are resolved with the app's own identity.
    keyVaultReferenceIdentity: identityResourceId
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: empty(subnetResourceId) ? null : subnetResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
      }
      ipSecurityRestrictions: frontDoorOnly ? frontDoorOnlyRestrictions : []
      ipSecurityRestrictionsDefaultAction: frontDoorOnly ? 'Deny' : 'Allow'
      scmIpSecurityRestrictionsUseMain: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      // The app serves the website at its root unless a separate front end is named, and every link it emits
      // (articles, feeds, sitemaps, newsletter emails) uses the address readers reach it at.
      Site__BaseUrl: empty(siteBaseUrl) ? 'https://${publicHost}' : siteBaseUrl
      Feeds__PublicApiUrl: 'https://${publicHost}/api/'
      Newsletter__ApiBaseUrl: 'https://${publicHost}'
      // The reader's address comes from X-Azure-ClientIP only on requests that carry this profile's X-Azure-FDID.
      FrontDoor__Id: frontDoorId
      // The built-in authentication's client credential is a token of this identity, which a federated identity
      // credential on the app registration trusts: no client secret exists (authSettings names this setting).
      OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
      // The root is the website's front page: while no function has loaded (a start, a restart) the host would
      // answer it with its own "up and running" page; this makes that an empty 204 instead.
      AzureWebJobsDisableHomepage: 'true'
      AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // The connection string only locates the ingestion endpoint: with local auth disabled on the
      // component, telemetry is accepted only with the identity's token named below.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    })
  }

  // Editors and admins sign in with Entra ID; everyone else stays anonymous, as the website and the public API are.
  // The platform validates the session or token and hands the worker the principal, app roles included, in
  // X-MS-CLIENT-PRINCIPAL (stripping any a caller sent); the worker decides what each role may do.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: {
        requireHttps: true
        // Behind Front Door, sign-in redirects name the endpoint readers use (X-Forwarded-Host), not the app's own.
        forwardProxy: {
          convention: frontDoorOnly ? 'Standard' : 'NoProxy'
        }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
            clientId: authClientId
            clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          }
          validation: {
            allowedAudiences: authAllowedAudiences
          }
        }
      }
      login: {
        tokenStore: {
          enabled: true
        }
      }
    }
  }

  // azd deploys with an Entra ID token; publishing user names and passwords stay off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the app (Flex Consumption names may carry a regional suffix).')
output defaultHostName string = site.properties.defaultHostName
