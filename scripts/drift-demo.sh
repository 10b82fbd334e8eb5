#!/usr/bin/env bash
# The audit history end to end on the bundled sample (conf/scheduled-audit.conf):
#   1. audits the sample, which starts a fresh history (exit code 0: nothing to compare with yet);
#   2. makes a copy with worst_texture shifted by 2 standard deviations (make-drift-sample.sh);
#   3. audits the copy, which is compared with run 1: the drift shows in its report.html and
#      drift/, and the fail-on thresholds make it exit with code 3; the inputs, the predictions
#      and the reasons moved;
#   4. audits a copy with mean_symmetry, the least important feature, shifted by 2 standard
#      deviations, compared with run 1: the inputs moved, the reasons did not (the console's and
#      the report's "what moved" lines); it exits with 3 too, on that feature's attribution PSI;
#   5. audits slices in a history of its own (conf/sliced-audit.conf, audit.slices = [clinic]): the
#      sample with a made-up clinic column (make-slice-sample.sh), then a copy with worst_texture
#      shifted by 2 standard deviations in clinic west's rows only: the reasons moved in that slice
#      only (the console's per-slice "what moved" line, violations.json's slice), exit code 3;
#   6. when Chromium is installed, checks the reports in it and saves screenshots.
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
set +e; "${audit[@]}" --set input.path="$shifted" --set output.path="$out/week2" | tee "$out/week2.log"; status=${PIPESTATUS[0]}; set -e
expect 3 "the audit of the shifted copy (fail-on thresholds crossed)"
test -f "$out/week2/drift/summary.json" || { echo "drift-demo: no drift/summary.json" >&2; exit 1; }

grep -q "what moved against the earlier run: the inputs, the predictions and the reasons moved" "$out/week2.log" \
  || { echo "drift-demo: week 2 should say the inputs, the predictions and the reasons moved" >&2; exit 1; }

echo "drift-demo: 4. a copy with the least important feature shifted, compared with the first run" >&2
minor="$(scripts/make-drift-sample.sh "$out/breast_cancer_minor_shift.csv" mean_symmetry 2)"
week1_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$out/week1/run.json")"
set +e; "${audit[@]}" --set input.path="$minor" --set audit.compare-with="$week1_id" --set output.path="$out/week3" \
  | tee "$out/week3.log"; status=${PIPESTATUS[0]}; set -e
expect 3 "the audit of the copy with mean_symmetry shifted (its attribution PSI crosses psi-above)"
grep -q "what moved against the earlier run: the inputs moved; the predictions and the reasons did not" "$out/week3.log" \
  || { echo "drift-demo: week 3 should say the inputs moved and the reasons did not" >&2; exit 1; }

echo "drift-demo: 5. slices: the sample with a clinic column, then a copy shifted in clinic west only" >&2
sliced=(scripts/run-local.sh --config conf/sliced-audit.conf --set audit.history-path="$out/slice-history")
clinics="$(scripts/make-slice-sample.sh "$out/breast_cancer_clinics.csv")"
west="$(scripts/make-slice-sample.sh "$out/breast_cancer_west_shifted.csv" west worst_texture 2)"
set +e; "${sliced[@]}" --set input.path="$clinics" --set output.path="$out/slices1" > "$out/slices1.log"; status=$?; set -e
expect 0 "the first audit with slices"
set +e; "${sliced[@]}" --set input.path="$west" --set output.path="$out/slices2" | tee "$out/slices2.log"; status=${PIPESTATUS[0]}; set -e
expect 3 "the audit of the copy shifted in clinic west (its slice checks fail)"
grep -q "what moved per slice, against the earlier run: the reasons moved in slice clinic=west only" "$out/slices2.log" \
  || { echo "drift-demo: the slices' audit should say the reasons moved in clinic west only" >&2; exit 1; }
python3 - "$out/slices2/violations.json" <<'PY' || { echo "drift-demo: violations.json should name clinic=west, and no other clinic" >&2; exit 1; }
import json, sys
slices = {v.get("slice") for v in json.load(open(sys.argv[1]))["violations"]} - {None}
sys.exit(0 if slices == {"clinic=west"} else 1)
PY

if command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  echo "drift-demo: 6. the reports in headless Chromium" >&2
  scripts/check-report.sh "$out/week1/report.html" "$out/report-screenshot.png" > /dev/null
  scripts/check-report.sh "$out/week2/report.html" "$out/drift-report-screenshot.png" > /dev/null
  scripts/check-report.sh "$out/week3/report.html" "$out/inputs-moved-report-screenshot.png" > /dev/null
  scripts/check-report.sh "$out/slices2/report.html" "$out/slice-report-screenshot.png" > /dev/null
else
  echo "drift-demo: 6. skipped: no Chromium to check the reports in (apt-get install -y chromium)" >&2
fi
echo "drift-demo: done. Reports: $out/week1/report.html, $out/week2/report.html, $out/week3/report.html, $out/slices2/report.html (exit codes 3 as expected)" >&2
