#!/usr/bin/env bash
# The driver's live heap (the local-mode JVM holds the driver and the executors) while the job
# runs, at 100k and 1M rows (issue 25: flat within 20 %, or say exactly what grows). The
# breast-cancer MLP (30 features) over ROWS rows of standard-normal features, as one CSV file and
# as a folder of two Parquet files (bench/WideInputs), each a fresh JVM through
# scripts/run-local.sh. Every INTERVAL seconds `jcmd PID GC.class_histogram` runs a full
# collection and counts what survives it: the most live heap of the run, with the classes that hold
# the most at that moment. A histogram pauses the run, so these runs' times are not figures.
#
#   scripts/bench-memory.sh [SIZES...] [--work FOLDER]   # default 100000 1000000, out/bench-memory
#
# Environment: INTERVAL (seconds between histograms, default 2), TOP (classes shown, default 6),
# FORMATS (default "csv parquet"), SETTINGS (more --set KEY=VALUE arguments for every run, e.g.
# "spark.hadoop.parquet.block.size=16777216" to see what the output's row groups hold).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IG_ROOT"
sizes=()
work="$IG_ROOT/out/bench-memory"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000 1000000)
interval="${INTERVAL:-2}"
top="${TOP:-6}"
mkdir -p "$work"
ig_build compile bench >/dev/null
ig_build compile >/dev/null
features="$(seq -s, -f 'f%g' 0 29)"
command -v jcmd >/dev/null || { echo "jcmd (the JDK's) is needed" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(lscpu | grep -E '^(Model name|CPU family|Model):' | tr -s ' ' | paste -sd ';'), $(java -version 2>&1 | head -n 1)"
echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), a histogram every ${interval} s"

# histograms PID FILE: appends "=== seconds" and each histogram of PID to FILE until PID ends.
histograms() {
  local pid="$1" file="$2" start
  start=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    sleep "$interval"
    { echo "=== $(( $(date +%s) - start ))"; jcmd "$pid" GC.class_histogram 2>/dev/null | awk 'NR <= 30 || /^Total/'; } >> "$file" || true
  done
}

printf '%-9s %-8s %9s %12s %9s  %s\n' "rows" "input" "process s" "live max MiB" "at s" "largest holders then (MiB)"
for rows in "${sizes[@]}"; do
  inputs="$work/inputs-$rows"
  ig_wide_inputs "$inputs" "$rows" 30
  for format in ${FORMATS:-csv parquet}; do
    case "$format" in
      csv) path="$inputs/rows.csv" ;;
      parquet) path="$inputs/parquet" ;;
    esac
    cat > "$work/memory.conf" <<CONF
input { path = "$path", format = $format, id-columns = [id], features = [$features] }
model.path = "$IG_ROOT/data-samples/breast_cancer_mlp.pt"
attribution { method = gausslegendre, steps = 50, target = predicted, baseline = zeros }
spark { spark.master = "local[2]" }
output { path = "$work/out", mode = overwrite }
CONF
    name="$rows-$format"
    hist="$work/$name.histograms"
    : > "$hist"
    start=$(date +%s%N)
    settings=()
    for setting in ${SETTINGS:-}; do settings+=(--set "$setting"); done
    scripts/run-local.sh --config "$work/memory.conf" "${settings[@]}" > "$work/$name.log" 2>&1 &
    launcher=$!
    # run-local.sh execs java: its pid is the JVM's once the build check is done.
    sleep 1
    histograms "$launcher" "$hist" &
    sampler=$!
    wait "$launcher" || { echo "run $name failed: $work/$name.log" >&2; tail -n 5 "$work/$name.log" >&2; exit 1; }
    seconds=$(( ($(date +%s%N) - start) / 1000000 ))
    wait "$sampler" || true
    python3 - "$hist" "$rows" "$format" "$seconds" "$top" <<'PY'
import sys
path, rows, fmt, millis, top = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
best = None
at = None
classes = []
for block in open(path).read().split("=== ")[1:]:
    lines = block.splitlines()
    total = None
    rows_seen = []
    for line in lines[1:]:
        parts = line.split()
        if parts and parts[0] == "Total" and len(parts) >= 3:
            total = int(parts[2])
        elif len(parts) >= 4 and parts[0].endswith(":"):
            rows_seen.append((int(parts[2]), parts[3]))
    if total is not None and (best is None or total > best):
        best, at, classes = total, lines[0], rows_seen
holders = ", ".join(f"{name} {size / 2**20:.0f}" for size, name in sorted(classes, reverse=True)[:top])
print(f"{rows:<9} {fmt:<8} {millis / 1000:9.1f} {(best or 0) / 2**20:12.0f} {at or '-':>9}  {holders}")
PY
  done
done
