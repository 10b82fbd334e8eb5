#!/usr/bin/env bash
# The audit history end to end on the bundled sample (conf/scheduled-audit.conf):
#   1. audits the sample, which starts a fresh history (exit code 0: nothing to compare with yet);
#   2. makes a copy with worst_texture shifted by 2 standard deviations (make-drift-sample.sh);
#   3. audits the copy, which is compared with run 1: the drift shows in its report.html and
#      drift/, and the fail-on thresholds make it exit with code 3;
#   4. when Chromium is installed, checks both reports in it and saves screenshots.
#
#   scripts/drift-demo.sh [FOLDER]      # default out/drift-demo; replaced on every call
#
# Exits 0 when every step did what is expected above, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-out/drift-demo}"
rm -rf "$out"
mkdir -p "$out"
audit=(scripts/run-local.sh --config conf/scheduled-audit.conf --set audit.history-path="$out/history")

expect() { # expect CODE WHAT: compares the last exit code
  if [[ "$status" != "$1" ]]; then
    echo "drift-demo: $2 exited with $status, expected $1" >&2
    exit 1
  fi
}

echo "drift-demo: 1. the sample, into a new history at $out/history" >&2
set +e; "${audit[@]}" --set output.path="$out/week1"; status=$?; set -e
expect 0 "the first audit"

echo "drift-demo: 2. a copy with one feature shifted" >&2
shifted="$(scripts/make-drift-sample.sh "$out/breast_cancer_shifted.csv" worst_texture 2)"

echo "drift-demo: 3. the shifted copy, compared with the first run" >&2
set +e; "${audit[@]}" --set input.path="$shifted" --set output.path="$out/week2"; status=$?; set -e
expect 3 "the audit of the shifted copy (fail-on thresholds crossed)"
test -f "$out/week2/drift/summary.json" || { echo "drift-demo: no drift/summary.json" >&2; exit 1; }

if command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  echo "drift-demo: 4. both reports in headless Chromium" >&2
  scripts/check-report.sh "$out/week1/report.html" "$out/report-screenshot.png" > /dev/null
  scripts/check-report.sh "$out/week2/report.html" "$out/drift-report-screenshot.png" > /dev/null
else
  echo "drift-demo: 4. skipped: no Chromium to check the reports in (apt-get install -y chromium)" >&2
fi
echo "drift-demo: done. Reports: $out/week1/report.html, $out/week2/report.html (exit code 3 as expected)" >&2
