#!/usr/bin/env bash
# Runs the function app on this machine without Core Tools: installs Azurite and MailDev, builds, starts
# Azurite (data in .azurite/) and MailDev (the newsletter's SMTP server, mail readable in its web UI), starts
# the DevHost with the compiled app, uploads samples/articles/ so the blob triggers publish them, prints the
# website's address and URLs to try, and stops everything on Ctrl+C.
#   PORT=7071 ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-7071}"
CONFIGURATION="${CONFIGURATION:-Debug}"
APP_DIR="src/BudapestPost.Functions/bin/$CONFIGURATION/net10.0"
DEVHOST="src/BudapestPost.DevHost/bin/$CONFIGURATION/net10.0/BudapestPost.DevHost.dll"
FUNCTION_KEY="${DevHost__FunctionKey:-local-function-key}"
BASE="http://127.0.0.1:$PORT"
MAIL_WEB="http://127.0.0.1:1080"
# The app serves the website at the DevHost's root; every link it emits (pages, feeds, sitemaps, emails) points back
# at this DevHost, whatever PORT is.
export Site__BaseUrl="${Site__BaseUrl:-$BASE}"
export Feeds__PublicApiUrl="${Feeds__PublicApiUrl:-$BASE/api/}"
export Newsletter__ApiBaseUrl="${Newsletter__ApiBaseUrl:-$BASE}"

azurite_pid=""
maildev_pid=""
devhost_pid=""

# Stops a process started here: SIGTERM, then SIGKILL if it is still there after a few seconds.
stop_process() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  echo "==> stopping $name"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  trap - EXIT INT TERM
  echo
  # The DevHost first: it sends the worker WorkerTerminate and waits for it to exit.
  stop_process "$devhost_pid" "the DevHost (and its worker)"
  # Azurite closes its services on SIGTERM but its process may linger afterwards.
  stop_process "$azurite_pid" "Azurite"
  stop_process "$maildev_pid" "MailDev"
}
trap stop EXIT INT TERM

# Azurite and the DevHost run in their own session so Ctrl+C reaches only this script, which then stops
# them in order. setsid stays a plain command (not a function) so $! is the real process id.
SETSID="$(command -v setsid || true)"

http_ok() { node -e "fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$1"; }
port_open() { node -e "require('net').connect(+process.argv[1], '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))" "$1"; }

if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/maildev/dist/bin/maildev.js ]]; then
  echo "==> npm ci (Azurite, MailDev)"
  npm ci --no-audit --no-fund
fi

if ! command -v espeak-ng >/dev/null 2>&1 || ! command -v lame >/dev/null 2>&1; then
  # Articles are narrated locally with espeak-ng and lame; without them publishing still works, narration waits.
  if command -v apt-get >/dev/null 2>&1; then
    echo "==> installing espeak-ng and lame (local narration of articles)"
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq espeak-ng lame
  else
    echo "==> espeak-ng or lame missing: articles publish, but are narrated only once both are installed (e.g. 'brew install espeak-ng lame')" >&2
  fi
fi

if [[ ! -f local.settings.json ]]; then
  echo "==> creating local.settings.json (git-ignored) from local.settings.sample.json"
  cp local.settings.sample.json local.settings.json
fi

echo "==> dotnet build"
dotnet build src/BudapestPost.Functions -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly
dotnet build src/BudapestPost.DevHost -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly

if port_open 10000; then
  echo "==> something already listens on 127.0.0.1:10000; using it as Azurite"
else
  echo "==> starting Azurite (data in .azurite/)"
  mkdir -p .azurite
  $SETSID node node_modules/azurite/dist/src/azurite.js --location .azurite \
    --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  for _ in $(seq 1 100); do port_open 10000 && port_open 10002 && break; sleep 0.2; done
fi

if port_open 1025; then
  echo "==> something already listens on 127.0.0.1:1025; using it as the SMTP server"
else
  echo "==> starting MailDev (SMTP 127.0.0.1:1025, mail at $MAIL_WEB)"
  $SETSID node node_modules/maildev/dist/bin/maildev.js --silent \
    --smtp 1025 --ip 127.0.0.1 --web 1080 --web-ip 127.0.0.1 &
  maildev_pid=$!
  for _ in $(seq 1 100); do port_open 1025 && break; sleep 0.2; done
fi

echo "==> starting the DevHost on $BASE"
$SETSID dotnet "$DEVHOST" --DevHost:AppDirectory="$APP_DIR" --DevHost:Port="$PORT" &
devhost_pid=$!
for _ in $(seq 1 300); do
  kill -0 "$devhost_pid" 2>/dev/null || { echo "The DevHost exited; see the log above." >&2; exit 1; }
  http_ok "$BASE/api/health" && break
  sleep 0.2
done

if compgen -G "samples/articles/*" >/dev/null; then
  echo "==> uploading samples/articles/ to container 'articles'"
  dotnet "$DEVHOST" upload samples/articles articles --DevHost:AppDirectory="$APP_DIR"
fi

first_slug=""
for file in samples/articles/*.md; do
  [[ -e "$file" ]] && first_slug="$(basename "$file" .md)"
  break
done
cat <<URLS

Budapest Post is running: the website is at $BASE/
  $BASE/articles/${first_slug:-<slug>}
Try the API:
  $BASE/api/health
  $BASE/api/articles
  $BASE/api/articles/${first_slug:-<slug>}
  $BASE/api/articles/${first_slug:-<slug>}/related
  $BASE/api/feeds/audio.xml   (the podcast: every article read aloud, a few seconds after it is published)
  $BASE/admin/host/status
  $BASE/.auth/login/dev?user=Eva&roles=Editor   (an editor's sign-in; then $BASE/api/feedback in the same browser)
  curl -H 'Content-Type: application/json' -d '{"email":"reader@example.com"}' $BASE/api/newsletter/subscriptions
  $MAIL_WEB   (MailDev: every email the app sends, e.g. the confirmation link)
  curl -X PUT -H 'Content-Type: text/markdown' -H 'x-functions-key: $FUNCTION_KEY' \\
       --data-binary @samples/articles/${first_slug:-<slug>}.md $BASE/api/articles/${first_slug:-<slug>}
More requests: requests.http. Ctrl+C stops everything.

URLS
wait "$devhost_pid"
