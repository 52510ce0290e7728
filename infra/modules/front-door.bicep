// Azure Front Door (Standard) in front of the function app: the origin and route of the endpoint made by
// front-door-profile.bicep, for the whole app (the website at the root, the API under /api/). Edges cache what
// the app marks cacheable (anonymous reads and pages: public, s-maxage, stale-while-revalidate; the site's files:
// immutable) for as long as it says, and pass everything else (no-store: errors, keyed routes, forms) to the app.

@description('Required. Name of the Front Door profile and of its endpoint (front-door-profile.bicep).')
@minLength(1)
@maxLength(46)
param name string

@description('Required. Host name of the function app, the origin.')
param originHostName string

resource profile 'Microsoft.Cdn/profiles@2025-06-01' existing = {
  name: name
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-06-01' existing = {
  parent: profile
  name: name
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

// Named when it routed /api/* alone; keeping the name changes the route in place on a redeployment.
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
      '/*'
    ]
    linkToDefaultDomain: 'Enabled'
    // Listing pages differ by query (limit, tag, continuation): each query is its own cache entry.
    cacheConfiguration: {
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        // The app compresses its pages and files itself; these are what it sends plain.
        contentTypesToCompress: [
          'application/json'
          'application/problem+json'
          'application/xml'
          'application/rss+xml'
          'application/atom+xml'
          'application/feed+json'
          'text/plain'
        ]
      }
    }
  }
}

@description('Host name of the Front Door endpoint that serves the app.')
output endpointHostName string = endpoint.properties.hostName
