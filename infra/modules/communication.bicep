// Newsletter mail: Azure Communication Services Email with an Azure-managed sender domain, reached by the
// app over SMTP (smtp.azurecomm.net:587, STARTTLS). ACS SMTP authenticates with an Entra application's
// client secret (managed identities cannot sign in to SMTP, and the Azure.Communication.Email SDK is not
// available to the app), so the secret lives only in this Key Vault: the app reads it through a Key Vault
// reference resolved with its own identity, and nothing secret is in the repository or in plain settings.

@description('Required. Name of the Communication Services resource.')
@minLength(1)
@maxLength(63)
param communicationServiceName string

@description('Required. Name of the Email Communication Services resource.')
@minLength(1)
@maxLength(63)
param emailServiceName string

@description('Required. Name of the Key Vault holding the SMTP password.')
@minLength(3)
@maxLength(24)
param keyVaultName string

@description('Required. Azure region of the Key Vault (Communication Services are global).')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Optional. Where Communication Services keep data at rest.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param dataLocation string = 'Europe'

@description('Required. Name of the function app\'s user-assigned identity, which reads the SMTP password.')
param appIdentityName string

@description('Optional. SMTP user name the app signs in with (an ACS SMTP username resource standing for the Entra application).')
param smtpUserName string = 'newsletter'

@description('Optional. Client (application) id of the Entra application that signs in to SMTP; empty until one is registered.')
param smtpEntraApplicationId string = ''

@description('Optional. Object id of that application\'s service principal, which is given the right to send mail.')
param smtpServicePrincipalId string = ''

@description('Optional. Refuse public traffic to the Key Vault: it is then reached through the private endpoint network.bicep adds.')
param privateNetworkOnly bool = false

// Built-in role definition ids (the same in every tenant).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var smtpConfigured = !empty(smtpEntraApplicationId) && !empty(smtpServicePrincipalId)

// What SMTP sign-in checks the Entra application holds on the Communication Services resource (the Azure
// Communication Services SMTP authentication guide): reading the resource and sending through its email services.
// The built-in Communication and Email Service Owner would also let a leaked client secret reconfigure or delete them.
var smtpSenderRoleId = guid(resourceGroup().id, 'smtp-sender')
var smtpSenderActions = [
  'Microsoft.Communication/CommunicationServices/Read'
  'Microsoft.Communication/EmailServices/write'
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource emailService 'Microsoft.Communication/emailServices@2025-09-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  // Azure provisions and verifies the domain (SPF, DKIM) itself: mail is sent as DoNotReply@<guid>.azurecomm.net.
  resource managedDomain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      emailService::managedDomain.id
    ]
  }

  // The SMTP user name stands for the Entra application; its password is that application's client secret.
  resource smtpUser 'smtpUsernames' = if (smtpConfigured) {
    name: smtpUserName
    properties: {
      username: smtpUserName
      entraApplicationId: smtpEntraApplicationId
      tenantId: tenant().tenantId
    }
  }
}

resource smtpSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (smtpConfigured) {
  name: smtpSenderRoleId
  properties: {
    // Custom role names are unique in the tenant: the resource group's token tells deployments apart.
    roleName: 'Budapest Post SMTP sender ${uniqueString(resourceGroup().id)}'
    description: 'Signs in to Azure Communication Services SMTP and sends mail; nothing else.'
    type: 'customRole'
    permissions: [
      {
        actions: smtpSenderActions
        notActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource smtpSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (smtpConfigured) {
  name: guid(communicationService.id, smtpServicePrincipalId, smtpSenderRoleId)
  scope: communicationService
  dependsOn: [
    smtpSenderRole
  ]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', smtpSenderRoleId)
    principalId: smtpServicePrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Access by Entra roles only (no access policies); an operator stores the client secret as 'smtp-password'
// (main.bicep's Key Vault reference names it).
resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    publicNetworkAccess: privateNetworkOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworkOnly ? 'Deny' : 'Allow'
      bypass: 'None'
    }
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, appIdentity.id, keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The From address of the newsletter: DoNotReply at the Azure-managed domain.')
output senderAddress string = 'DoNotReply@${emailService::managedDomain.properties.mailFromSenderDomain}'
