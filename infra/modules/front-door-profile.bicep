// The Azure Front Door (Standard) profile and its endpoint: the function app admits only this profile's requests
// (its frontDoorId) and links readers to the endpoint's host name, while the endpoint's origin needs the app's host
// name (front-door.bicep), so the three are made in turn. The endpoint's web application firewall limits how fast one
// address may send the anonymous writes (reports and newsletter sign-ups) before they reach the app.

@description('Required. Name of the Front Door profile.')
@minLength(1)
@maxLength(46)
param name string

@description('Required. Tags applied to the profile and its firewall policy.')
param tags object

@description('Required. Name of the web application firewall policy (letters and digits only, starting with a letter).')
@minLength(1)
@maxLength(128)
param wafPolicyName string

@description('Optional. Anonymous writes (reports, sign-ups) one client address may send per minute through the endpoint; more are refused with 429 for the rest of the minute.')
@minValue(10)
param anonymousWritesPerMinute int = 20

// The anonymous POSTs, in the API and as the website's forms: a report about an article, a newsletter sign-up.
// The app limits each reader itself (per article, per hour); this stops a flood at the edge, before it costs anything.
var anonymousWritePaths = [
  '/api/articles/[^/?]+/feedback/?(?:\\?|$)'
  '/articles/[^/?]+/report/?(?:\\?|$)'
  '/api/newsletter/subscriptions/?(?:\\?|$)'
  '/newsletter/?(?:\\?|$)'
]

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

resource wafPolicy 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2025-03-01' = {
  name: wafPolicyName
  location: 'Global'
  tags: tags
  // A policy's tier must be its profile's.
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: 'Prevention'
      customBlockResponseStatusCode: 429
    }
    customRules: {
      rules: [
        {
          name: 'AnonymousWrites'
          priority: 100
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: anonymousWritesPerMinute
          // Counted per client address as the edge sees it, the one Front Door sends the app in X-Azure-ClientIP.
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          matchConditions: [
            {
              matchVariable: 'RequestMethod'
              operator: 'Equal'
              matchValue: [
                'POST'
              ]
            }
            {
              matchVariable: 'RequestUri'
              operator: 'RegEx'
              matchValue: anonymousWritePaths
              transforms: [
                'Lowercase'
              ]
            }
          ]
          action: 'Block'
        }
      ]
    }
  }
}

resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2025-06-01' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: wafPolicy.id
      }
      associations: [
        {
          domains: [
            {
              id: endpoint.id
            }
          ]
          patternsToMatch: [
            '/*'
          ]
        }
      ]
    }
  }
}

@description('The id Front Door sends in X-Azure-FDID with every request it forwards from this profile.')
output frontDoorId string = profile.properties.frontDoorId

@description('Host name of the endpoint readers reach the app at.')
output endpointHostName string = endpoint.properties.hostName
