#!/usr/bin/env bash
# Makes a copy of the bundled breast-cancer sample with a segment column for audit.slices:
# clinic = north, south, east or west (by id modulo 4: a made-up label, for trying slices), and
# optionally one feature shifted by a number of its standard deviations in one clinic's rows only.
#
#   scripts/make-slice-sample.sh OUT.csv                        # the sample with its clinic column
#   scripts/make-slice-sample.sh OUT.csv CLINIC FEATURE SDS     # e.g. /tmp/west.csv west worst_texture 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
in="$root/data-samples/breast_cancer.csv"
out="${1:?usage: make-slice-sample.sh OUT.csv [CLINIC FEATURE SDS]}"
clinic="${2:-}"
feature="${3:-worst_texture}"
sds="${4:-0}"

mkdir -p "$(dirname "$out")"
awk -F, -v OFS=, -v clinic="$clinic" -v feature="$feature" -v sds="$sds" '
  BEGIN { split("north,south,east,west", names, ",") }
  NR == 1 {
    sub(/\r$/, "")
    for (i = 1; i <= NF; i++) if ($i == feature) col = i
    if (clinic != "" && !col) { print "make-slice-sample: no column " feature " in the header" > "/dev/stderr"; exit 2 }
    header = $0 OFS "clinic"; next
  }
  { sub(/\r$/, ""); rows[NR] = $0; x = $col + 0; n++; sum += x; squares += x * x }
  END {
    if (clinic != "" && !col) exit 2
    mean = sum / n; sd = sqrt((squares - n * mean * mean) / (n - 1)); shift = sds * sd
    print header
    for (r = 2; r <= NR; r++) {
      $0 = rows[r]; site = names[($1 % 4) + 1]
      if (site == clinic) { $col = sprintf("%.6g", $col + shift); shifted++ }
      print $0, site
    }
    if (clinic != "") printf "make-slice-sample: %s shifted by %s sd (%+.4g) in the %d rows of clinic %s\n", feature, sds, shift, shifted, clinic > "/dev/stderr"
  }' "$in" > "$out"
echo "$out"
