#!/usr/bin/env bash
# What audit.slices costs the attribution pass: the breast-cancer sample replicated to ROWS rows
# of CSV with a segment column (row number modulo 20), audited with conf/sample.conf's model three
# times in one sitting: without slices, with one slice column of 20 values
# (audit.slices = [segment], slice-values = 20), and with 20 conditions ("segment = 0" ...
# "segment = 19", twenty entries per row). Prints each run's attribution pass and whole process
# (run.json's timings), ROUNDS times each, interleaved (default 3), and the ratio of the median
# passes to the median pass without slices.
#
#   scripts/bench-slices.sh [ROWS] [WORK_FOLDER]     # default 100,000 rows, out/bench-slices
#
# Environment: ROUNDS (default 3); IG_REBUILD=1 forces the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-100000}"
work="${2:-$root/out/bench-slices}"
mkdir -p "$work"
input="$work/rows-$rows.csv"
if [[ ! -f "$input" ]]; then
  awk -F, -v OFS=, -v rows="$rows" '
    { sub(/\r$/, "") }
    NR == 1 { print $0, "segment"; next }
    { line[++n] = $0 }
    END { for (r = 0; r < rows; r++) { $0 = line[(r % n) + 1]; $1 = r; print $0, r % 20 } }
  ' "$root/data-samples/breast_cancer.csv" > "$input"
fi

conditions="["
for s in $(seq 0 19); do conditions+="\"segment = $s\""; [[ $s -lt 19 ]] && conditions+=", "; done
conditions+="]"

audit() {  # audit NAME [--set ...]
  local name="$1"; shift
  "$root/scripts/run-local.sh" --config "$root/conf/sample.conf" --set "input.path=$input" \
    --set attribution.baseline=zeros --set "output.path=$work/$name" --set output.mode=overwrite "$@" > "$work/$name.log" 2>&1
  python3 - "$work/$name/run.json" "$name" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
t = run["timings_seconds"]
print(f"{sys.argv[2]}\t{run['counts']['attributed_rows']}\t{t['attribution']:.2f}\t{t['total']:.2f}\t{len(run.get('slices') or [])}")
PY
}

echo "CPU: $(lscpu | grep -E 'Model name|CPU family|Model:' | tr -s ' ' | paste -sd ';')"
echo "input: $rows rows of CSV ($(du -h "$input" | cut -f1)); $(date -u +%FT%TZ)"
printf 'run\trows\tattribution pass (s)\twhole run (s)\tslices\n'
for round in $(seq 1 "${ROUNDS:-3}"); do
  audit none
  audit column-20 --set 'audit.slices=[segment]' --set audit.slice-values=20
  audit conditions-20 --set "audit.slices=$conditions"
done | tee "$work/table.tsv"
python3 - "$work/table.tsv" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, _, attribution, total, _ = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append((float(attribution), float(total)))
base = statistics.median(a for a, _ in runs["none"])
for name, values in runs.items():
    passes = [a for a, _ in values]
    median = statistics.median(passes)
    print(f"{name}: attribution pass median {median:.2f} s of {len(passes)} (range {min(passes):.2f}-{max(passes):.2f}), "
          f"whole run median {statistics.median(t for _, t in values):.2f} s"
          + ("" if name == "none" else f"; {median / base:.3f}x the pass without slices ({(median / base - 1) * 100:+.1f} %; target at most +10 %)"))
PY

# The same cost on the CPU alone, without Spark's run-to-run spread: the tasks' statistics with and
# without 20 slices (SliceStatsBench).
classpath_file="$(ig_build compile bench)"
"$IG_JAVA" -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.SliceStatsBench "$rows" 30 20
