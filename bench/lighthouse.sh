#!/usr/bin/env bash
# Lighthouse (pinned in package-lock.json), mobile preset, on the front page and the seed article of a running
# website, in Debian's Chromium: prints the four category scores of each page and fails when one is under 95.
#   ./run.sh                      # in another terminal: the DevHost with the samples published
#   bench/lighthouse.sh [BASE]    # BASE defaults to http://127.0.0.1:7071; reports go to bench/lighthouse/
set -euo pipefail
cd "$(dirname "$0")/.."

BASE="${1:-http://127.0.0.1:7071}"
MIN_SCORE="${MIN_SCORE:-95}"
OUT="bench/lighthouse"
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || true)}"
if [[ -z "$CHROME_PATH" ]]; then
  echo "Chromium is missing: install it (apt-get install chromium) or set CHROME_PATH, then run again." >&2
  exit 1
fi
if [[ ! -f node_modules/lighthouse/cli/index.js ]]; then
  echo "==> npm ci (Lighthouse)"
  npm ci --no-audit --no-fund
fi
mkdir -p "$OUT"

failed=0
for page in / /articles/not-an-enemy-any-more-why-russia-is-courting-the-taliban; do
  name="$(basename "${page%/}")"
  report="$OUT/${name:-front}.json"
  echo "==> Lighthouse on $BASE$page (mobile preset)"
  node node_modules/lighthouse/cli/index.js "$BASE$page" --quiet --output=json --output-path="$report" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
  # shellcheck disable=SC2016 # JavaScript, not shell: its template strings are meant as written.
  node -e '
    const report = require(require("path").resolve(process.argv[1]));
    const min = Number(process.argv[2]);
    let low = false;
    for (const category of Object.values(report.categories)) {
      const score = Math.round(category.score * 100);
      low ||= score < min;
      console.log(`    ${category.title.padEnd(16)} ${score}`);
    }
    for (const audit of Object.values(report.audits)) {
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative") console.log(`    below 90: ${audit.id} (${audit.displayValue ?? audit.score})`);
    }
    process.exit(low ? 1 : 0);
  ' "$report" "$MIN_SCORE" || failed=1
done
exit "$failed"
