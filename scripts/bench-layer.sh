#!/usr/bin/env bash
# Rows/s of the layer path (integer inputs attributed at an embedding layer) on the text and
# credit samples, as conf/sample-text.conf and conf/sample-credit.conf configure them (LayerBench):
#   - the engine alone on 1 thread and on 2 Java threads x 1 libtorch thread, median of 5 passes
#     over all rows after a warm-up, with the mean and largest |delta| (and the tokenizer alone);
#   - the whole job in local[2] in the same JVM, median of 3 runs after a warm-up run: attribution
#     pass seconds and rows/s, whole-run rows/s, the pass as a share of the engine on 2 threads;
#     on the sample as it is and on its rows repeated 20 times (12,080 text rows, 20,000 credit rows).
# Builds the job and the benchmarks first when their sources changed. Run it on a quiet machine.
# Takes about 3-4 minutes on 2 cores (BENCH_QUICK=1: about 1 minute).
#
#   scripts/bench-layer.sh                 # the full measurement
#   BENCH_QUICK=1 scripts/bench-layer.sh   # a check that it runs: 1 pass, 1 Spark run, rows x2
#   scripts/bench-layer.sh RUNS SPARK_RUNS REPEAT
#
# Environment: BENCH_QUICK=1 (see above), IG_REBUILD=1 forces the build; JAVA_OPTS adds JVM
# options (default -Xmx4g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
classpath_file="$(ig_build compile bench)"
cd "$IG_ROOT"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

if [[ $# -eq 0 && "${BENCH_QUICK:-0}" == 1 ]]; then
  set -- 1 1 2
fi
# grep --line-buffered: its block-buffered output into a file would split the tables' lines.
# shellcheck disable=SC2086
"$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:--Xmx4g} -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.LayerBench "$@" 2> >(grep --line-buffered -vE 'WARN|^\s+at ' >&2)
