// The function app's own identity: it reaches storage and Application Insights with tokens, never keys.

@description('Required. Name of the user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Required. Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Client (application) id of the identity, used by the app to ask for tokens.')
output clientId string = identity.properties.clientId
