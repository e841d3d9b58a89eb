#!/usr/bin/env bash
# Runs the network fault suites several times in a row and tabulates their figures, pass by pass:
# validator faults (network.test.js), a 2/2 partition and warp sync (partition.test.js), the runtime
# upgrade under load (upgrade.test.js) and validator-set changes (validators.test.js). Each pass
# writes the suites' JSON reports into its own folder; scripts/reliability-table.mjs turns them into
# docs/generated/reliability.md, which docs/RELIABILITY.md summarises.
#
#   scripts/reliability.sh                         # 3 passes of every suite (about 52 minutes)
#   PASSES=1 scripts/reliability.sh network        # some suites: network partition upgrade validators
#   RELIABILITY_NO_DOCS=1 scripts/reliability.sh   # print the table only
#
# Needs the release build (scripts/build.sh) and the e2e packages (scripts/setup.sh). A failing
# suite is recorded as failed in its pass and the run goes on; the script exits 1 if any failed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT/tests/e2e"
PASSES="${PASSES:-3}"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(network partition upgrade validators)
work="${RELIABILITY_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/provenance-reliability-XXXXXX")}"
echo "reliability: ${PASSES} passes of ${suites[*]} -> $work"
status=0
for pass in $(seq 1 "$PASSES"); do
  dir="$work/pass-$pass"
  mkdir -p "$dir"
  for suite in "${suites[@]}"; do
    report_var="$(echo "$suite" | tr '[:lower:]' '[:upper:]')_REPORT" # NETWORK_REPORT, …
    started=$(date +%s)
    if env "$report_var=$dir/$suite.json" npm run --silent "test:$suite" >"$dir/$suite.log" 2>&1; then
      outcome=passed
    else
      outcome=failed
      status=1
    fi
    seconds=$(($(date +%s) - started))
    printf '{"suite":"%s","pass":%d,"outcome":"%s","seconds":%d}\n' "$suite" "$pass" "$outcome" "$seconds" >>"$work/runs.jsonl"
    echo "reliability: pass $pass, $suite $outcome in ${seconds} s"
  done
done
table=$(node "$REPO_ROOT/scripts/reliability-table.mjs" "$work")
echo "$table"
if [ -z "${RELIABILITY_NO_DOCS:-}" ]; then
  echo "$table" >"$REPO_ROOT/docs/generated/reliability.md"
  echo "reliability: written to docs/generated/reliability.md"
fi
exit "$status"
