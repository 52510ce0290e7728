// The Azure Front Door (Standard) profile and its endpoint: the function app admits only this profile's requests
// (its frontDoorId) and links readers to the endpoint's host name, while the endpoint's origin needs the app's host
// name (front-door.bicep), so the three are made in turn.

@description('Required. Name of the Front Door profile.')
@minLength(1)
@maxLength(46)
param name string

@description('Required. Tags applied to the profile.')
param tags object

resource profile 'Microsoft.Cdn/profiles@2025-06-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' = {
  parent: profile
  name: name
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

@description('The id Front Door sends in X-Azure-FDID with every request it forwards from this profile.')
output frontDoorId string = profile.properties.frontDoorId

@description('Host name of the endpoint readers reach the app at.')
output endpointHostName string = endpoint.properties.hostName
