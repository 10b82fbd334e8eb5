#!/usr/bin/env bash
# The Spark overhead: end-to-end rows/s of the job in local mode against the engine alone on the
# same rows, model, steps and threads (SparkOverheadBench). Session start-up is reported apart.
#
#   scripts/bench-spark.sh                      # breast-cancer MLP at 100k rows, wide MLP at 20k rows
#   scripts/bench-spark.sh MODEL FEATURES ROWS [SLOTS [RUNS]]   # RUNS measured after the first (default 3)
#
# Environment: IG_REBUILD=1 forces the build; JAVA_OPTS adds JVM options (default -Xmx4g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
classpath_file="$(ig_build compile bench)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

bench() {
  # shellcheck disable=SC2086
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:--Xmx4g} -Dai.djl.pytorch.num_threads=1 \
    -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.SparkOverheadBench "$@"
}

if [[ $# -gt 0 ]]; then
  bench "$@"
else
  bench "$IG_ROOT/data-samples/breast_cancer_mlp.pt" 30 100000 2
  bench "$IG_ROOT/data-samples/wide_mlp.pt" 256 20000 2
fi
