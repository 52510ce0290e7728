#!/usr/bin/env bash
# azd postdeploy hook: subscribes each blob-triggered function to the storage account's Event Grid
# system topic, and sends article file deletions (which blob triggers never see) to the
# admin/article-events function with that function's own key (eventgrid). It runs after code
# deployment because the webhooks need the function app's keys, which exist only once the host has
# indexed the functions. Re-running it is safe: the key is kept and every subscription is written
# with a PUT of its full definition.
set -euo pipefail

: "${AZURE_RESOURCE_GROUP:?run through azd: output AZURE_RESOURCE_GROUP is missing}"
: "${AZURE_FUNCTION_APP_NAME:?run through azd: output AZURE_FUNCTION_APP_NAME is missing}"
: "${AZURE_FUNCTION_APP_HOST_NAME:?run through azd: output AZURE_FUNCTION_APP_HOST_NAME is missing}"
: "${AZURE_EVENT_GRID_SYSTEM_TOPIC_ID:?run through azd: output AZURE_EVENT_GRID_SYSTEM_TOPIC_ID is missing}"
: "${AZURE_STORAGE_ACCOUNT_ID:?run through azd: output AZURE_STORAGE_ACCOUNT_ID is missing}"
: "${AZURE_STORAGE_ARTICLES_CONTAINER:?run through azd: output AZURE_STORAGE_ARTICLES_CONTAINER is missing}"
: "${AZURE_STORAGE_ARTICLES_SUFFIX:?run through azd: output AZURE_STORAGE_ARTICLES_SUFFIX is missing}"
: "${AZURE_STORAGE_DEAD_LETTER_CONTAINER:?run through azd: output AZURE_STORAGE_DEAD_LETTER_CONTAINER is missing}"
: "${AZURE_BLOB_TRIGGER_FUNCTIONS:?run through azd: output AZURE_BLOB_TRIGGER_FUNCTIONS is missing}"

readonly API_VERSION="2025-02-15"
readonly ATTEMPTS="${POSTDEPLOY_ATTEMPTS:-30}"
readonly DELAY_SECONDS="${POSTDEPLOY_DELAY_SECONDS:-10}"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required; see README.md, 'Deploy to Azure'." >&2
  exit 1
fi

# Percent-encodes a query string value (system keys may contain '+', '/' and '=').
url_encode() {
  local value="$1" encoded="" char i
  for ((i = 0; i < ${#value}; i++)); do
    char="${value:i:1}"
    case "$char" in
      [a-zA-Z0-9.~_-]) encoded+="$char" ;;
      *) printf -v char '%%%02X' "'$char"; encoded+="$char" ;;
    esac
  done
  printf '%s' "$encoded"
}

# The key appears some seconds after deployment, once the host has started and indexed the triggers.
blobs_extension_key() {
  local key="" attempt
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    key="$(az functionapp keys list \
      --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
      --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
    if [[ -n "$key" ]]; then
      printf '%s' "$key"
      return 0
    fi
    echo "postdeploy: blobs_extension key not there yet (attempt $attempt of $ATTEMPTS)" >&2
    sleep "$DELAY_SECONDS"
  done
  echo "postdeploy: no blobs_extension key after $ATTEMPTS attempts; is the app running?" >&2
  return 1
}

# The article-events webhook's own key, named eventgrid: a key of that one function, so whoever can read the
# subscription can call nothing else. The host generates it on the first run; later runs keep it, so the webhook URL
# stays the same. It is never printed.
readonly ARTICLE_EVENTS_FUNCTION="ArticleFilesChanged"
readonly ARTICLE_EVENTS_KEY_NAME="eventgrid"
article_events_key() {
  local key
  key="$(az functionapp function keys list \
    --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --function-name "$ARTICLE_EVENTS_FUNCTION" \
    --query "$ARTICLE_EVENTS_KEY_NAME" --output tsv)"
  if [[ -z "$key" ]]; then
    az functionapp function keys set \
      --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --function-name "$ARTICLE_EVENTS_FUNCTION" \
      --key-name "$ARTICLE_EVENTS_KEY_NAME" --output none
    key="$(az functionapp function keys list \
      --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" --function-name "$ARTICLE_EVENTS_FUNCTION" \
      --query "$ARTICLE_EVENTS_KEY_NAME" --output tsv)"
  fi
  printf '%s' "$key"
}

# Writes a subscription definition for the webhook URL $1 and the event type $2 to the file $3.
write_subscription() {
  local endpoint="$1" event_type="$2" file="$3"
  cat >"$file" <<JSON
{
  "properties": {
    "destination": {
      "endpointType": "WebHook",
      "properties": { "endpointUrl": "${endpoint}" }
    },
    "filter": {
      "includedEventTypes": ["${event_type}"],
      "subjectBeginsWith": "/blobServices/default/containers/${AZURE_STORAGE_ARTICLES_CONTAINER}/",
      "subjectEndsWith": "${AZURE_STORAGE_ARTICLES_SUFFIX}"
    },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": { "maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440 },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": {
          "resourceId": "${AZURE_STORAGE_ACCOUNT_ID}",
          "blobContainerName": "${AZURE_STORAGE_DEAD_LETTER_CONTAINER}"
        }
      }
    }
  }
}
JSON
}

# Event Grid validates the webhook on every write; the first may fail while the host warms up.
# The subscription is named after the function ($1), lower-case.
put_subscription() {
  local function_name="$1" file="$2" name attempt
  name="$(printf '%s' "$function_name" | tr '[:upper:]' '[:lower:]')"
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    if az rest --method put \
      --url "${AZURE_EVENT_GRID_SYSTEM_TOPIC_ID}/eventSubscriptions/${name}?api-version=${API_VERSION}" \
      --body "@${file}" --output none; then
      echo "postdeploy: event subscription '${name}' -> ${function_name} is in place"
      return 0
    fi
    echo "postdeploy: writing '${name}' failed (attempt $attempt of $ATTEMPTS)" >&2
    sleep "$DELAY_SECONDS"
  done
  return 1
}

key="$(blobs_extension_key)"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
chmod 600 "$body"

IFS=',' read -r -a functions <<<"$AZURE_BLOB_TRIGGER_FUNCTIONS"
for function_name in "${functions[@]}"; do
  write_subscription \
    "https://${AZURE_FUNCTION_APP_HOST_NAME}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=$(url_encode "$key")" \
    "Microsoft.Storage.BlobCreated" "$body"
  put_subscription "$function_name" "$body"
done

# Deleted article files leave the related lists through the ArticleFilesChanged function.
events_key="$(article_events_key)"
if [[ -z "$events_key" ]]; then
  echo "postdeploy: could not read or create the '${ARTICLE_EVENTS_KEY_NAME}' key of ${ARTICLE_EVENTS_FUNCTION}; check that the function is listed by 'az functionapp function list', then run 'azd hooks run postdeploy' again." >&2
  exit 1
fi
write_subscription \
  "https://${AZURE_FUNCTION_APP_HOST_NAME}/api/admin/article-events?code=$(url_encode "$events_key")" \
  "Microsoft.Storage.BlobDeleted" "$body"
put_subscription "$ARTICLE_EVENTS_FUNCTION" "$body"
