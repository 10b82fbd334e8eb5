#!/usr/bin/env bash
# What the checks cost at scale, and what the median baseline adds to them: the breast-cancer MLP
# (30 features) over ROWS rows of standard-normal features (bench/WideInputs), as one CSV file and
# as a folder of two Parquet files, with baseline = zeros and baseline = median, each with the JIT
# flag of scripts/lib.sh (-XX:-DontCompileHugeMethods) and without it (JAVA_OPTS turns it off).
# Every run is a fresh JVM through scripts/run-local.sh; ROUNDS rounds, interleaved. Prints each
# run's checks, attribution pass and whole process, then per input and flag the medians and the
# median baseline's cost (its checks minus those of zeros).
#
#   scripts/bench-median.sh [ROWS] [--work FOLDER]    # default 1,000,000 rows, out/bench-median
#
# Environment: ROUNDS (default 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IG_ROOT"
rows=1000000
work="$IG_ROOT/out/bench-median"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    *) rows="$1"; shift ;;
  esac
done
rounds="${ROUNDS:-2}"
mkdir -p "$work"
ig_build compile bench >/dev/null
ig_build compile >/dev/null
inputs="$work/inputs-$rows"
ig_wide_inputs "$inputs" "$rows" 30

echo "== machine: $(nproc) cores, $(lscpu | grep -E '^(Model name|CPU family|Model):' | tr -s ' ' | paste -sd ';'), $(java -version 2>&1 | head -n 1)"
echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $rows rows, $rounds rounds"
results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$rounds"); do
  for format in csv parquet; do
    case "$format" in
      csv) path="$inputs/rows.csv" ;;
      parquet) path="$inputs/parquet" ;;
    esac
    for jit in on off; do
      for baseline in zeros median; do
        opts=""
        [[ "$jit" == off ]] && opts="-XX:+DontCompileHugeMethods"
        log="$work/$format-$jit-$baseline.log"
        start=$(date +%s%N)
        JAVA_OPTS="$opts" scripts/run-local.sh --config conf/sample.conf --set "input.path=$path" --set "input.format=$format" \
          --set "input.features=[$(seq -s, -f 'f%g' 0 29)]" --set "attribution.baseline=$baseline" \
          --set "output.path=$work/out" --set output.mode=overwrite --set "spark.master=local[2]" > "$log" 2>&1 \
          || { echo "run failed: $log" >&2; tail -n 5 "$log" >&2; exit 1; }
        end=$(date +%s%N)
        python3 - "$work/out/run.json" "$format" "$jit" "$baseline" "$(( (end - start) / 1000000 ))" >> "$results" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["timings_seconds"]
print("\t".join(sys.argv[2:5] + [f"{t['validation']:.2f}", f"{t['attribution']:.2f}", f"{int(sys.argv[5]) / 1000:.2f}"]))
PY
        tail -n 1 "$results" | awk -F'\t' '{ printf "%-8s JIT flag %-3s %-7s checks %6.2f s  pass %6.2f s  process %6.2f s\n", $1, $2, $3, $4, $5, $6 }'
      done
    done
  done
done

echo
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    fmt, jit, baseline, checks, attribution, process = line.rstrip("\n").split("\t")
    runs.setdefault((fmt, jit, baseline), []).append((float(checks), float(attribution), float(process)))
print(f"{'input':<8} {'JIT flag':<8} {'baseline':<8} {'checks s':>9} {'pass s':>7} {'process s':>9}   (medians)")
for key in sorted(runs):
    checks, attribution, process = (statistics.median(v) for v in zip(*runs[key]))
    print(f"{key[0]:<8} {key[1]:<8} {key[2]:<8} {checks:>9.2f} {attribution:>7.2f} {process:>9.2f}")
print()
for fmt in ("csv", "parquet"):
    for jit in ("on", "off"):
        zeros = statistics.median(r[0] for r in runs[(fmt, jit, "zeros")])
        median = statistics.median(r[0] for r in runs[(fmt, jit, "median")])
        print(f"{fmt:<8} JIT flag {jit:<3}: the median baseline adds {median - zeros:.2f} s to the checks")
PY
