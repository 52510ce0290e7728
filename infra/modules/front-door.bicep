// Azure Front Door (Standard) in front of the function app: the endpoint, origin and route of the profile
// made by front-door-profile.bicep. Edges cache what the app marks cacheable (anonymous reads: public,
// s-maxage, stale-while-revalidate) for as long as it says, and pass everything else (no-store: errors,
// keyed routes, feedback) through to the app.

@description('Required. Name of the Front Door profile (front-door-profile.bicep), also given to its endpoint.')
@minLength(1)
@maxLength(46)
param name string

@description('Required. Tags applied to the endpoint.')
param tags object

@description('Required. Host name of the function app, the origin.')
param originHostName string

resource profile 'Microsoft.Cdn/profiles@2025-06-01' existing = {
  name: name
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

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2025-06-01' = {
  parent: profile
  name: 'function-app'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/api/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 100
    }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2025-06-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-06-01' = {
  parent: endpoint
  name: 'api'
  // A route needs an origin in its group before it can be created.
  dependsOn: [
    origin
  ]
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    patternsToMatch: [
      '/api/*'
    ]
    linkToDefaultDomain: 'Enabled'
    // Listing pages differ by query (limit, tag, continuation): each query is its own cache entry.
    cacheConfiguration: {
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'application/json'
          'application/problem+json'
        ]
      }
    }
  }
}

@description('Host name of the Front Door endpoint that serves the API.')
output endpointHostName string = endpoint.properties.hostName
