#!/usr/bin/env bash
# The one test command: installs what the tests need and is missing (Azurite, MailDev and html-validate from the
# lockfile, the linter for the deploy hook, espeak-ng and lame for narration, Chromium for the website's browser tests
# and to play narrations, NuGet packages with the Bicep CLI), then runs every test project.
#   ./test.sh                                  everything
#   ./test.sh --filter "FullyQualifiedName~Feedback"   extra arguments go to dotnet test
set -euo pipefail
cd "$(dirname "$0")"

echo "==> Azurite, MailDev, html-validate (npm ci from package-lock.json when node_modules is missing or older than the lockfile)"
# The pinned packages support Node.js 20 from 20.6 (.nvmrc, engines in package.json); another major version is not tested.
if command -v node >/dev/null 2>&1 && ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major === Number(process.argv[1]) && minor >= 6 ? 0 : 1)' "$(cat .nvmrc)"; then
  echo "Node.js $(node --version) found; the tools need Node.js $(cat .nvmrc), $(cat .nvmrc).6 or later: run 'nvm use' (reads .nvmrc) or install it from https://nodejs.org, then run ./test.sh again." >&2
  exit 1
fi
if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/maildev/dist/bin/maildev.js || ! -f node_modules/html-validate/package.json || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js $(cat .nvmrc), $(cat .nvmrc).6 or later (https://nodejs.org; .nvmrc, engines in package.json), then run ./test.sh again." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund
else
  echo "    up to date"
fi

echo "==> shellcheck (the infra tests lint infra/hooks/postdeploy.sh), espeak-ng and lame (the local narration), chromium (reads the website, plays narrations)"
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
