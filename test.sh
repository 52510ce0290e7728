#!/usr/bin/env bash
# The one test command: installs what the tests need and is missing (Azurite, MailDev and html-validate from the
# lockfile, the linter for the deploy hook, Chromium for the website's browser tests, NuGet packages with the Bicep
# CLI), then runs every test project.
#   ./test.sh                                  everything
#   ./test.sh --filter "FullyQualifiedName~Feedback"   extra arguments go to dotnet test
set -euo pipefail
cd "$(dirname "$0")"

echo "==> Azurite, MailDev, html-validate (npm ci from package-lock.json when node_modules is missing or older than the lockfile)"
if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/maildev/dist/bin/maildev.js || ! -f node_modules/html-validate/package.json || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js 20 (https://nodejs.org), then run ./test.sh again." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund
else
  echo "    up to date"
fi

# Installs Debian packages with apt-get, as root or through sudo.
apt_install() {
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

echo "==> shellcheck (the infra tests lint infra/hooks/postdeploy.sh)"
if command -v shellcheck >/dev/null 2>&1; then
  echo "    $(shellcheck --version | sed -n 's/^version: /version /p')"
elif command -v apt-get >/dev/null 2>&1; then
  apt_install shellcheck
else
  echo "shellcheck is missing: install it with your package manager (e.g. 'brew install shellcheck'), then run ./test.sh again." >&2
  exit 1
fi

echo "==> chromium (the end-to-end tests read the website in it, driven by Playwright)"
if command -v chromium >/dev/null 2>&1; then
  echo "    $(chromium --version 2>/dev/null)"
elif command -v apt-get >/dev/null 2>&1; then
  apt_install chromium
else
  echo "chromium is missing: install it with your package manager, or point PLAYWRIGHT_CHROMIUM at a Chromium or Chrome binary, then run ./test.sh again." >&2
  exit 1
fi

echo "==> dotnet restore (also brings the Bicep CLI from its NuGet package)"
dotnet restore BudapestPost.sln

echo "==> dotnet test BudapestPost.sln (unit, Azurite, DevHost, end-to-end and infra tests; a few minutes)"
dotnet test BudapestPost.sln --no-restore "$@"
