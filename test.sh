#!/usr/bin/env bash
# The one test command: installs what the tests need and is missing (Azurite and MailDev from the lockfile, the
# linter for the deploy hook, espeak-ng and lame for narration, Chromium to play it, NuGet packages with the Bicep CLI), then
# runs every test project.
#   ./test.sh                                  everything
#   ./test.sh --filter "FullyQualifiedName~Feedback"   extra arguments go to dotnet test
set -euo pipefail
cd "$(dirname "$0")"

echo "==> Azurite and MailDev (npm ci from package-lock.json when node_modules is missing or older than the lockfile)"
if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/maildev/dist/bin/maildev.js || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js 20 (https://nodejs.org), then run ./test.sh again." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund
else
  echo "    up to date"
fi

echo "==> shellcheck (the infra tests lint infra/hooks/postdeploy.sh), espeak-ng and lame (the local narration), chromium (plays it)"
missing=()
for tool in shellcheck espeak-ng lame chromium; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "    $(shellcheck --version | sed -n 's/^version: /shellcheck /p'), $(espeak-ng --version | cut -d' ' -f1-4), $(lame --version | head -n 1 | cut -d' ' -f1-4), $(chromium --version 2>/dev/null)"
elif command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
else
  echo "${missing[*]} missing: install them with your package manager (e.g. 'brew install ${missing[*]}'), then run ./test.sh again." >&2
  exit 1
fi

echo "==> dotnet restore (also brings the Bicep CLI from its NuGet package)"
dotnet restore BudapestPost.sln

echo "==> dotnet test BudapestPost.sln (unit, Azurite, DevHost, end-to-end and infra tests; a few minutes)"
dotnet test BudapestPost.sln --no-restore "$@"
