# azd postdeploy hook (Windows): subscribes each blob-triggered function to the storage account's
# Event Grid system topic, and article file deletions to the admin/article-events function with that
# function's own key (eventgrid). Same steps as postdeploy.sh: wait for the blobs_extension system key,
# keep or create the eventgrid key, then PUT one full subscription definition per webhook, so
# re-running it is safe.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$required = @(
    'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_HOST_NAME',
    'AZURE_EVENT_GRID_SYSTEM_TOPIC_ID', 'AZURE_STORAGE_ACCOUNT_ID', 'AZURE_STORAGE_ARTICLES_CONTAINER',
    'AZURE_STORAGE_ARTICLES_SUFFIX', 'AZURE_STORAGE_DEAD_LETTER_CONTAINER', 'AZURE_BLOB_TRIGGER_FUNCTIONS'
)
foreach ($name in $required) {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postdeploy: run through azd: output $name is missing"
    }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "postdeploy: the Azure CLI (az) is required; see README.md, 'Deploy to Azure'."
}

$apiVersion = '2025-02-15'
$attempts = if ($env:POSTDEPLOY_ATTEMPTS) { [int]$env:POSTDEPLOY_ATTEMPTS } else { 30 }
$delaySeconds = if ($env:POSTDEPLOY_DELAY_SECONDS) { [int]$env:POSTDEPLOY_DELAY_SECONDS } else { 10 }

# The key appears some seconds after deployment, once the host has started and indexed the triggers.
$key = $null
for ($attempt = 1; $attempt -le $attempts -and -not $key; $attempt++) {
    $key = az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if (-not $key) {
        Write-Warning "postdeploy: blobs_extension key not there yet (attempt $attempt of $attempts)"
        Start-Sleep -Seconds $delaySeconds
    }
}
if (-not $key) { throw "postdeploy: no blobs_extension key after $attempts attempts; is the app running?" }

# The article-events webhook's own key, named eventgrid: a key of that one function, so whoever can read the
# subscription can call nothing else. The host generates it on the first run; later runs keep it. It is never printed.
$eventsFunction = 'ArticleFilesChanged'
$eventsKeyName = 'eventgrid'
$eventsKey = az functionapp function keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
    --function-name $eventsFunction --query $eventsKeyName --output tsv
if (-not $eventsKey) {
    az functionapp function keys set --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --function-name $eventsFunction --key-name $eventsKeyName --output none
    $eventsKey = az functionapp function keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --function-name $eventsFunction --query $eventsKeyName --output tsv
}
if (-not $eventsKey) {
    throw "postdeploy: could not read or create the '$eventsKeyName' key of $eventsFunction; check that the function is listed by 'az functionapp function list', then run 'azd hooks run postdeploy' again."
}

# One webhook per blob-triggered function for new files; deleted files go to the ArticleFilesChanged function.
$webhooks = @($env:AZURE_BLOB_TRIGGER_FUNCTIONS.Split(',') | ForEach-Object {
    @{
        Function = $_
        EventType = 'Microsoft.Storage.BlobCreated'
        Endpoint = "https://$($env:AZURE_FUNCTION_APP_HOST_NAME)/runtime/webhooks/blobs" +
            "?functionName=Host.Functions.$_&code=$([uri]::EscapeDataString($key))"
    }
})
$webhooks += @{
    Function = $eventsFunction
    EventType = 'Microsoft.Storage.BlobDeleted'
    Endpoint = "https://$($env:AZURE_FUNCTION_APP_HOST_NAME)/api/admin/article-events?code=$([uri]::EscapeDataString($eventsKey))"
}

$body = New-TemporaryFile
try {
    foreach ($webhook in $webhooks) {
        $functionName = $webhook.Function
        $endpoint = $webhook.Endpoint
        $subscription = @{
            properties = @{
                destination = @{ endpointType = 'WebHook'; properties = @{ endpointUrl = $endpoint } }
                filter = @{
                    includedEventTypes = @($webhook.EventType)
                    subjectBeginsWith = "/blobServices/default/containers/$($env:AZURE_STORAGE_ARTICLES_CONTAINER)/"
                    subjectEndsWith = $env:AZURE_STORAGE_ARTICLES_SUFFIX
                }
                eventDeliverySchema = 'EventGridSchema'
                retryPolicy = @{ maxDeliveryAttempts = 30; eventTimeToLiveInMinutes = 1440 }
                deadLetterWithResourceIdentity = @{
                    identity = @{ type = 'SystemAssigned' }
                    deadLetterDestination = @{
                        endpointType = 'StorageBlob'
                        properties = @{
                            resourceId = $env:AZURE_STORAGE_ACCOUNT_ID
                            blobContainerName = $env:AZURE_STORAGE_DEAD_LETTER_CONTAINER
                        }
                    }
                }
            }
        }
        $subscription | ConvertTo-Json -Depth 10 | Set-Content -Path $body -Encoding utf8

        # Event Grid validates the webhook on every write; the first may fail while the host warms up.
        $subscriptionName = $functionName.ToLowerInvariant()
        $url = "$($env:AZURE_EVENT_GRID_SYSTEM_TOPIC_ID)/eventSubscriptions/$($subscriptionName)?api-version=$apiVersion"
        $written = $false
        for ($attempt = 1; $attempt -le $attempts -and -not $written; $attempt++) {
            az rest --method put --url $url --body "@$body" --output none
            $written = $LASTEXITCODE -eq 0
            if (-not $written) {
                Write-Warning "postdeploy: writing '$subscriptionName' failed (attempt $attempt of $attempts)"
                Start-Sleep -Seconds $delaySeconds
            }
        }
        if (-not $written) { throw "postdeploy: could not write event subscription '$subscriptionName'" }
        Write-Host "postdeploy: event subscription '$subscriptionName' -> $functionName is in place"
    }
}
finally {
    Remove-Item -Path $body -Force -ErrorAction SilentlyContinue
}
