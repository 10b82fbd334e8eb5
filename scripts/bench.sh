#!/usr/bin/env bash
# The performance benchmark (docs/performance.md): every figure printed as a table, medians of
# repeated runs after a warm-up. Takes about 110 minutes on a 2-core machine. Run it on a quiet
# machine; compare only figures from one run.
#
#   1. engine vs the machine's limit (same-shape matrix products), and the knobs
#      (rows per batch, elements per pass)                         GemmLimitBench
#   2. engine vs one forward+backward pass per (row, step)          EngineBench
#   3+4. the job against the engine alone (SparkOverheadBench, each configuration in its own JVM:
#      the first full run apart, JIT still compiling, then the median of 5 runs, 3 at 1M rows and
#      for the wide MLP; then a fresh JVM runs the whole job as a user would): the breast-cancer
#      MLP at 16k / 100k / 1M rows and the wide MLP (wide_mlp_plain.pt, plain path) at 16k and 100k
#      rows, each as one CSV file, one Parquet file and a folder of Parquet files, and at 1M rows as
#      a folder (BENCH_WIDE_1M=0 leaves that out); and the 569-row sample
#      with scripts/run-local.sh. Ends with the table of the targets of issue 16, met or not.
#   5. adaptive step counts vs fixed 50 steps                       AdaptiveStepsBench
#   6. rows/s of each method (EG, SmoothGrad, image baselines, all targets)   MethodsBench
#   7. the layer path (integer inputs at an embedding layer) on the text and credit samples:
#      engine alone on 1 and 2 threads, and the whole job in local[2] on the samples as they are
#      and on their rows repeated 20 times (scripts/bench-layer.sh)          LayerBench
#
#   8. the whole process as scripts/run-local.sh runs it, with and without the class archive, on
#      the wide MLP at 16k, 32k and 100k rows as CSV, a Parquet file and a folder, and the sample,
#      against issue 25's targets (scripts/bench-e2e.sh, about 20 minutes)
#   9. image files: decoding alone, and the Fashion-MNIST sample with IG, Blur IG and XRAI
#      (scripts/bench-images.sh, about 3 minutes)
#  10. the live heap at 100k and 1M rows, CSV and a Parquet folder, with what holds it
#      (scripts/bench-memory.sh, about 5 minutes)
#
# Environment: BENCH_SLOTS (task slots / engine threads, default 2), BENCH_QUICK=1 (smaller sizes),
# BENCH_ONLY=job (only sections 3+4, about 65 minutes), BENCH_ONLY=engine (all but 3+4 and 8,
# about 20 minutes), BENCH_ONLY=e2e (only section 8), BENCH_ONLY=images (only section 9) or
# BENCH_ONLY=memory (only section 10),
# IG_REBUILD=1 (force the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IG_ROOT"
classpath_file="$(ig_build compile bench)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
SLOTS="${BENCH_SLOTS:-2}"

# grep --line-buffered: its block-buffered output into a file would split the tables' lines.
java_run() {
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" -Xmx6g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" "$@" 2> >(grep --line-buffered -vE 'WARN|^\s+at ' >&2)
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2), $(java -version 2>&1 | head -n 1)"
only="${BENCH_ONLY:-all}"
if [[ "$only" == e2e ]]; then
  echo "== 8. the whole process against issue 25's targets"
  exec scripts/bench-e2e.sh
fi
if [[ "$only" == images ]]; then
  echo "== 9. image files"
  exec scripts/bench-images.sh
fi
if [[ "$only" == memory ]]; then
  echo "== 10. the live heap from 100k to 1M rows"
  exec scripts/bench-memory.sh
fi
if [[ "$only" != job ]]; then
echo "== 1. engine vs the same-shape matrix products; knobs"
java_run io.igaudit.bench.GemmLimitBench data-samples/wide_mlp.pt 256,512,512,10 2048 "$SLOTS"

echo
echo "== 2. engine vs one pass per (row, step), one thread"
java_run io.igaudit.bench.EngineBench --model data-samples/wide_mlp.pt
java_run io.igaudit.bench.EngineBench --model data-samples/breast_cancer_mlp.pt
fi

if [[ "$only" != engine ]]; then
echo
echo "== 3+4. the job against the engine alone"
results="$(mktemp)"
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then sizes=(16384 100000); else sizes=(16384 100000 1000000); fi
for rows in "${sizes[@]}"; do
  runs=5; [[ "$rows" -ge 1000000 ]] && runs=3
  for format in csv parquet-file parquet; do
    java_run io.igaudit.bench.SparkOverheadBench data-samples/breast_cancer_mlp.pt 30 "$rows" "$SLOTS" "$runs" "$format" | tee -a "$results"
  done
done
# The wide MLP on its plain path (wide_mlp_plain.pt: every layer at every step) attributes about
# 1,900 rows/s on 2 cores: 100k rows once (a pass takes about a minute), the engine alone timed
# on 32,768 of them; 1M rows (9 minutes a pass) as a folder of Parquet files, its first full run
# measured (RUNS 0), then the whole process: about 20 minutes (BENCH_WIDE_1M=0 leaves it out).
for format in csv parquet-file parquet; do
  java_run io.igaudit.bench.SparkOverheadBench data-samples/wide_mlp_plain.pt 256 16384 "$SLOTS" 3 "$format" | tee -a "$results"
done
if [[ "${BENCH_QUICK:-0}" != 1 ]]; then
  for format in csv parquet-file parquet; do
    java_run io.igaudit.bench.SparkOverheadBench data-samples/wide_mlp_plain.pt 256 100000 "$SLOTS" 1 "$format" 32768 | tee -a "$results"
  done
  if [[ "${BENCH_WIDE_1M:-1}" == 1 ]]; then
    java_run io.igaudit.bench.SparkOverheadBench data-samples/wide_mlp_plain.pt 256 1000000 "$SLOTS" 0 parquet 32768 | tee -a "$results"
  fi
fi
# The bundled sample as a newcomer runs it: a fresh JVM, the breast-cancer CSV of 569 rows.
sample_start=$(date +%s%N)
sample_log="$(scripts/run-local.sh --set "spark.master=local[$SLOTS]" --set output.path="$(mktemp -d)/sample" 2>&1)"
sample_seconds=$(( ($(date +%s%N) - sample_start) / 1000000 ))e-3
echo "$sample_log" | tail -n 8
echo "$sample_log" | awk -v p="$sample_seconds" '/attribution: / { a = $2; sub(/.*whole run /, ""); w = $1 + 0;
  printf "SAMPLE pass_s=%.2f whole_run_s=%.2f beside_s=%.2f process_s=%.2f\n", a, w, w - a, p }' | tee -a "$results"

echo
echo "== targets (issue 16): the figures above, side by side"
awk '
  /^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    if (!header++) {
      printf "%-22s %9s %-12s %10s %10s %13s %9s %13s %10s %15s %9s\n", "model", "rows", "input", "engine/s", "pass/s",
        "pass/engine", "beside", "beside/pass", "process", "process/engine", "live heap"
      printf "%-22s %9s %-12s %10s %10s %13s %9s %13s %10s %15s %9s\n", "", "", "", "rows", "rows", "(>= 90 %)", "s",
        "(<= 10 %)", "s", "(>= 80 %)", "MiB"
    }
    big = (v["rows"] >= 100000)
    printf "%-22s %9d %-12s %10d %10d %8.0f %% %-3s %9.2f %8.0f %% %-3s %10.1f %10.0f %% %-3s %9d\n", v["model"], v["rows"], v["format"],
      v["engine"], v["pass"], v["pass_pct"], (v["pass_pct"] >= 90 ? "met" : "no"), v["beside_s"], v["beside_pct"],
      (v["beside_pct"] <= 10 ? "met" : "no"), v["process_s"], v["process_pct"], (big ? (v["process_pct"] >= 80 ? "met" : "no") : "-"),
      v["live_heap_mib"] }
  /^SAMPLE/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); s[kv[1]] = kv[2] }
    printf "569-row sample (scripts/run-local.sh): attribution pass %.2f s, beside the pass %.2f s (target <= 2 s: %s), whole process %.1f s\n",
      s["pass_s"], s["beside_s"], (s["beside_s"] <= 2 ? "met" : "no"), s["process_s"] }
' "$results"
rm -f "$results"
fi
[[ "$only" != job ]] || exit 0

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

if [[ "$only" == all ]]; then
  echo
  echo "== 8. the whole process against issue 25's targets"
  if [[ "${BENCH_QUICK:-0}" == 1 ]]; then scripts/bench-e2e.sh 16384 32768; else scripts/bench-e2e.sh; fi
  echo
  echo "== 9. image files"
  scripts/bench-images.sh
  echo
  echo "== 10. the live heap from 100k to 1M rows"
  scripts/bench-memory.sh
fi
