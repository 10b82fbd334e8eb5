#!/usr/bin/env bash
# Rows/s of each attribution method on the bundled samples, engine only (MethodsBench): IG with
# 50 steps, adaptive steps, image baselines, Expected Gradients, SmoothGrad over IG and all
# targets in one pass, on the breast-cancer MLP and the digits CNN. Builds the job and the
# benchmarks first when their sources changed. Takes about two minutes on 2 cores.
#
#   scripts/bench-methods.sh
#
# Environment: IG_REBUILD=1 forces the Maven build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Spark is provided-scope and not on the runtime classpath: the engine does not need it.
classpath_file="$(ig_build runtime bench)"
cd "$IG_ROOT"
"$IG_JAVA" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.MethodsBench data-samples
