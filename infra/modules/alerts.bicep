// Azure Monitor alerts and the action group that mails an operator. Log-query alerts read Application
// Insights (requests and traces), so they work whichever telemetry pipeline the app uses; metric alerts
// read platform metrics of Event Grid and storage, which flow even when the app's telemetry does not.

@description('Required. Name of the action group.')
@minLength(1)
@maxLength(260)
param actionGroupName string

@description('Optional. Address the action group mails; empty leaves the alerts visible in the portal only.')
param alertEmail string = ''

@description('Required. Azure region of the log-query alerts (that of Application Insights).')
param location string

@description('Required. Tags applied to the action group and the alerts.')
param tags object

@description('Required. Name of the Application Insights component the log-query alerts read.')
param applicationInsightsName string

@description('Required. Name of the storage account whose queues hold poison blob messages.')
param storageAccountName string

@description('Required. Name of the Event Grid system topic delivering blob events to the triggers.')
param systemTopicName string

@description('Optional. Percentage of HTTP requests answered with a 5xx over 15 minutes that raises the 5xx alert.')
@minValue(1)
@maxValue(100)
param serverErrorPercent int = 5

@description('Optional. Requests needed in those 15 minutes before the 5xx rate counts (a quiet site is not alarming on one error).')
@minValue(1)
param serverErrorMinimumRequests int = 20

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'BudapestPost'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Log-query alerts on Application Insights: each query returns the rows that are a problem.
var logAlerts = [
  {
    name: 'http-5xx-rate'
    severity: 1
    description: 'More than ${serverErrorPercent}% of HTTP requests answered 5xx in 15 minutes: storage unreachable (503s) or a failing function.'
    windowSize: 'PT15M'
    query: 'requests | where isnotempty(resultCode) and toint(resultCode) >= 100 | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= ${serverErrorMinimumRequests} | extend percent = 100.0 * failed / total | where percent > ${serverErrorPercent}'
  }
  {
    name: 'publish-rejected'
    severity: 3
    description: 'An uploaded article file was refused (invalid front matter, name or encoding); the reason is in the PublishErrors table and the trace.'
    windowSize: 'PT15M'
    query: 'traces | where customDimensions.CategoryName == "BudapestPost.Functions.Articles.ArticlePublisher" and message startswith "Rejected "'
  }
  {
    name: 'function-errors'
    severity: 2
    description: 'A function failed: a trigger invocation threw (blob triggers retry, then poison) or an HTTP function threw and answered 500.'
    windowSize: 'PT15M'
    // HTTP functions never fail their invocation (the exception middleware answers 500 and logs an error),
    // so their failures are counted from that log; client errors (4xx) are not failures.
    query: 'union (requests | where success == false and (isempty(resultCode) or toint(resultCode) < 100 or toint(resultCode) >= 500)), (traces | where severityLevel >= 3 and customDimensions.CategoryName == "BudapestPost.Functions.Http.ExceptionHandlingMiddleware")'
  }
]

resource logQueryAlerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in logAlerts: {
    name: '${alert.name}-${applicationInsights.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.name
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: alert.windowSize
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// Events Event Grid gave up on (after its retries) land in the dead-letter container: the file was
// never handed to a trigger, so it is not published until it is uploaded again.
resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'event-dead-letters-${systemTopic.name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid dead-lettered a blob event: a trigger did not accept it through all retries.'
    severity: 2
    enabled: true
    scopes: [
      systemTopic.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// The app keeps no queue of its own and its blob triggers take Event Grid events, so the only queue the
// host writes is webjobs-blobtrigger-poison: any message in the account is a blob that failed five times.
// Queue capacity metrics are hourly, hence the long window.
resource poisonQueueAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'poison-queue-${storageAccount.name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A blob trigger failed five times on one file and the host moved it to the webjobs-blobtrigger-poison queue.'
    severity: 2
    enabled: true
    scopes: [
      storageAccount::queueService.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'poison-messages'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          timeAggregation: 'Average'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

@description('Resource id of the action group.')
output actionGroupId string = actionGroup.id
