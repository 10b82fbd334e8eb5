#!/usr/bin/env bash
# The performance benchmark (README, "Performance"): every figure printed as a table, medians of
# repeated runs after a warm-up. Takes 20–35 minutes on a 2-core machine. Run it on a quiet
# machine; compare only figures from one run.
#
#   1. engine vs the machine's limit (same-shape matrix products), and the knobs
#      (rows per batch, elements per pass)                         GemmLimitBench
#   2. engine vs one forward+backward pass per (row, step)          EngineBench
#   3+4. Spark overhead and scaling (time, peak RSS) at 10k / 100k / 1M rows of the tabular
#      sample model and 100k rows of the wide MLP, each in its own JVM: the first full run apart
#      (JIT still compiling), then the median of 5 runs (3 for the wide MLP)   SparkOverheadBench
#   5. adaptive step counts vs fixed 50 steps                       AdaptiveStepsBench
#   6. rows/s of each method (EG, SmoothGrad, image baselines, all targets)   MethodsBench
#   7. the layer path (integer inputs at an embedding layer) on the text and credit samples:
#      engine alone on 1 and 2 threads, and the whole job in local[2] on the samples as they are
#      and on their rows repeated 20 times (scripts/bench-layer.sh)          LayerBench
#
# Environment: BENCH_SLOTS (task slots / engine threads, default 2), BENCH_QUICK=1 (smaller sizes),
# IG_REBUILD=1 (force the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IG_ROOT"
classpath_file="$(ig_build compile)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
SLOTS="${BENCH_SLOTS:-2}"

# grep --line-buffered: its block-buffered output into a file would split the tables' lines.
java_run() {
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" -Xmx6g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$IG_CLASSES:$(cat "$classpath_file")" "$@" 2> >(grep --line-buffered -vE 'WARN|^\s+at ' >&2)
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1)"
echo "== 1. engine vs the same-shape matrix products; knobs"
java_run io.igaudit.bench.GemmLimitBench data-samples/wide_mlp.pt 256,512,512,10 2048 "$SLOTS"

echo
echo "== 2. engine vs one pass per (row, step), one thread"
java_run io.igaudit.bench.EngineBench --model data-samples/wide_mlp.pt
java_run io.igaudit.bench.EngineBench --model data-samples/breast_cancer_mlp.pt

echo
echo "== 3+4. Spark overhead and scaling"
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then sizes=(10000 100000); wide=20000; else sizes=(10000 100000 1000000); wide=100000; fi
for rows in "${sizes[@]}"; do
  java_run io.igaudit.bench.SparkOverheadBench data-samples/breast_cancer_mlp.pt 30 "$rows" "$SLOTS" 5
done
java_run io.igaudit.bench.SparkOverheadBench data-samples/wide_mlp.pt 256 "$wide" "$SLOTS" 3

echo
echo "== 5. adaptive step counts"
java_run io.igaudit.bench.AdaptiveStepsBench data-samples

echo
echo "== 6. methods"
java_run io.igaudit.bench.MethodsBench data-samples

echo
echo "== 7. layer attribution: text and credit samples, engine alone and the whole job"
# RUNS SPARK_RUNS REPEAT; quick: the samples' rows 5 times instead of 20.
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then layer=(5 3 5); else layer=(5 3 20); fi
java_run io.igaudit.bench.LayerBench "${layer[@]}"
