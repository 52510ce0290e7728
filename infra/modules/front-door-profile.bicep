// The Azure Front Door (Standard) profile on its own: the function app admits only this profile's requests
// (its frontDoorId), and the profile's endpoint needs the app's host name, so the two are made in turn.

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

@description('The id Front Door sends in X-Azure-FDID with every request it forwards from this profile.')
output frontDoorId string = profile.properties.frontDoorId
