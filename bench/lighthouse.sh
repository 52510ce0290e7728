#!/usr/bin/env bash
# Lighthouse (pinned in package-lock.json), mobile preset, on the front page and the seed article of a running
# website, in Debian's Chromium: runs each page RUNS times (5 unless set; Lighthouse's own advice against its
# run-to-run variance), prints every run's four category scores and their medians, and fails when a median is
# under 95.
#   ./run.sh                      # in another terminal: the DevHost with the samples published
#   bench/lighthouse.sh [BASE]    # BASE defaults to http://127.0.0.1:7071; reports go to bench/lighthouse/
set -euo pipefail
cd "$(dirname "$0")/.."

BASE="${1:-http://127.0.0.1:7071}"
MIN_SCORE="${MIN_SCORE:-95}"
RUNS="${RUNS:-5}"
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
  reports=()
  for ((run = 1; run <= RUNS; run++)); do
    report="$OUT/${name:-front}.$run.json"
    echo "==> Lighthouse on $BASE$page (mobile preset), run $run of $RUNS"
    node node_modules/lighthouse/cli/index.js "$BASE$page" --quiet --output=json --output-path="$report" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    reports+=("$report")
  done
  # shellcheck disable=SC2016 # JavaScript, not shell: its template strings are meant as written.
  node -e '
    const [min, ...files] = process.argv.slice(1);
    const runs = files.map((file) => require(require("path").resolve(file)));
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    let low = false;
    for (const id of Object.keys(runs[0].categories)) {
      const scores = runs.map((run) => Math.round(run.categories[id].score * 100));
      const middle = median([...scores]);
      low ||= middle < Number(min);
      console.log(`    ${runs[0].categories[id].title.padEnd(16)} median ${middle}  (runs: ${scores.join(", ")})`);
    }
    const byPerformance = [...runs].sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const typical = byPerformance[Math.floor(runs.length / 2)];
    for (const audit of Object.values(typical.audits)) {
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative") console.log(`    below 90 in the median run: ${audit.id} (${audit.displayValue ?? audit.score})`);
    }
    process.exit(low ? 1 : 0);
  ' "$MIN_SCORE" "${reports[@]}" || failed=1
done
exit "$failed"
