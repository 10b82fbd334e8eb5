#!/usr/bin/env bash
# Makes a drifted copy of the bundled breast-cancer sample for trying audit.compare-with and
# audit.fail-on: one feature column shifted by a number of its standard deviations, every other
# value as it was (same rows, same ids).
#
#   scripts/make-drift-sample.sh                      # worst_texture + 2 sd -> target/drift-sample/breast_cancer_shifted.csv
#   scripts/make-drift-sample.sh OUT.csv FEATURE SDS  # e.g. /tmp/shifted.csv mean_radius -1.5
#
# Then audit the original with a history, and the shifted copy against it (see
# docs/report-and-history.md, "Comparing runs and failing on drift"); the second run shows the
# drift and exits with code 3 when a fail-on threshold is crossed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
in="$root/data-samples/breast_cancer.csv"
out="${1:-$root/target/drift-sample/breast_cancer_shifted.csv}"
feature="${2:-worst_texture}"
sds="${3:-2}"

mkdir -p "$(dirname "$out")"
awk -F, -v OFS=, -v feature="$feature" -v sds="$sds" '
  NR == 1 {
    for (i = 1; i <= NF; i++) if ($i == feature) col = i
    if (!col) { print "make-drift-sample: no column " feature " in the header" > "/dev/stderr"; exit 2 }
    header = $0; next
  }
  { rows[NR] = $0; x = $col + 0; n++; sum += x; squares += x * x }
  END {
    if (!col) exit 2
    mean = sum / n; sd = sqrt((squares - n * mean * mean) / (n - 1)); shift = sds * sd
    print header
    for (r = 2; r <= NR; r++) { $0 = rows[r]; $col = sprintf("%.6g", $col + shift); print }
    printf "make-drift-sample: %s shifted by %s sd (%+.4g; mean %.4g -> %.4g) in %d rows\n", feature, sds, shift, mean, mean + shift, n > "/dev/stderr"
  }' "$in" > "$out"
echo "$out"
