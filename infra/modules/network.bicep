// Private networking (vnetEnabled): the app's outbound traffic goes through a delegated subnet, and the
// storage account and the Key Vault are reached only through private endpoints resolved by private DNS zones.

@description('Required. Name of the virtual network.')
@minLength(2)
@maxLength(64)
param name string

@description('Required. Azure region of the network and the private endpoints.')
param location string

@description('Required. Tags applied to every resource here.')
param tags object

@description('Required. Name of the storage account to expose through private endpoints.')
param storageAccountName string

@description('Required. Name of the Key Vault to expose through a private endpoint.')
param keyVaultName string

@description('Optional. Address space of the virtual network.')
param addressPrefix string = '10.20.0.0/16'

@description('Optional. Subnet the function app integrates with (delegated to Microsoft.App/environments).')
param appSubnetPrefix string = '10.20.1.0/24'

@description('Optional. Subnet holding the private endpoints.')
param privateEndpointSubnetPrefix string = '10.20.2.0/24'

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

// Storage services the app uses through AzureWebJobsStorage.
var storageServices = [
  'blob'
  'queue'
  'table'
]

// One private endpoint and DNS zone per service: the storage services, then the vault (its zone is
// privatelink.vaultcore.*, not privatelink.vault.*).
var privateLinks = concat(
  map(storageServices, service => {
    groupId: service
    endpointName: 'pe-${service}-${storageAccountName}'
    zone: 'privatelink.${service}.${environment().suffixes.storage}'
  }),
  [
    {
      groupId: 'vault'
      endpointName: 'pe-vault-${keyVaultName}'
      zone: 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
    }
  ]
)

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
  }

  resource appSubnet 'subnets' = {
    name: 'app'
    properties: {
      addressPrefix: appSubnetPrefix
      delegations: [
        {
          name: 'flex-consumption'
          properties: {
            serviceName: 'Microsoft.App/environments'
          }
        }
      ]
    }
  }

  resource privateEndpointSubnet 'subnets' = {
    name: 'private-endpoints'
    properties: {
      addressPrefix: privateEndpointSubnetPrefix
      privateEndpointNetworkPolicies: 'Disabled'
    }
  }
}

resource dnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for link in privateLinks: {
    name: link.zone
    location: 'global'
    tags: tags
  }
]

resource dnsZoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (link, i) in privateLinks: {
    parent: dnsZones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-05-01' = [
  for link in privateLinks: {
    name: link.endpointName
    location: location
    tags: tags
    properties: {
      subnet: {
        id: vnet::privateEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: link.groupId
          properties: {
            privateLinkServiceId: link.groupId == 'vault' ? keyVault.id : storageAccount.id
            groupIds: [
              link.groupId
            ]
          }
        }
      ]
    }
  }
]

resource dnsZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = [
  for (link, i) in privateLinks: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: link.groupId
          properties: {
            privateDnsZoneId: dnsZones[i].id
          }
        }
      ]
    }
  }
]

@description('Resource id of the subnet the function app integrates with.')
output appSubnetResourceId string = vnet::appSubnet.id
