#!/usr/bin/env bash
# Engine benchmark: vectorised Integrated Gradients against one forward+backward pass per
# (row, step), on the sample models. Builds the job and the benchmarks first when their sources
# changed.
#
#   scripts/bench-engine.sh                  # wide MLP (256 features), then breast-cancer MLP (30)
#   scripts/bench-engine.sh --model data-samples/wine_mlp.pt --rows 512   # one run, EngineBench args
#
# Environment: BENCH_THREADS  libtorch intra-op threads (default 1: stable on small machines)
#              IG_REBUILD=1 forces the Maven build
set -euo pipefail

# Paths given as arguments stay relative to the caller's folder; only Maven runs in the root.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$IG_ROOT"
THREADS="${BENCH_THREADS:-1}"
# Spark is provided-scope and not on the runtime classpath: the engine benchmark does not need it.
CLASSPATH_FILE="$(ig_build runtime bench)"
CLASSES="$IG_BENCH_CLASSES"
JAVA="$IG_JAVA"

bench() {
  "$JAVA" -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" io.igaudit.bench.EngineBench "$@"
}

if [[ $# -gt 0 ]]; then
  bench "$@"
else
  bench --model "$ROOT/data-samples/wide_mlp.pt"
  echo
  bench --model "$ROOT/data-samples/breast_cancer_mlp.pt"
fi
