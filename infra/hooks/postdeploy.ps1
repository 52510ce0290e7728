# azd postdeploy hook (Windows): subscribes each blob-triggered function to the storage account's
# Event Grid system topic. Same steps as postdeploy.sh: wait for the blobs_extension system key, then
# PUT one full subscription definition per function, so re-running it is safe.
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

$body = New-TemporaryFile
try {
    foreach ($functionName in $env:AZURE_BLOB_TRIGGER_FUNCTIONS.Split(',')) {
        $endpoint = "https://$($env:AZURE_FUNCTION_APP_HOST_NAME)/runtime/webhooks/blobs" +
            "?functionName=Host.Functions.$functionName&code=$([uri]::EscapeDataString($key))"
        $subscription = @{
            properties = @{
                destination = @{ endpointType = 'WebHook'; properties = @{ endpointUrl = $endpoint } }
                filter = @{
                    includedEventTypes = @('Microsoft.Storage.BlobCreated')
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
