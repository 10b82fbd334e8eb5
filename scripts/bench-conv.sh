#!/usr/bin/env bash
# Convolution models on libtorch's two CPU kernels (ConvKernelsBench), one libtorch thread as a
# Spark task slot runs them, Gauss-Legendre 50 steps:
#   - the self-check's cost on dense models (it passes and switches nothing there);
#   - IG rows/s and |convergence delta| of the digits CNN (2-D convolutions, plain path) and of a
#     text model with a 1-D convolution over its embeddings (layer path), on oneDNN's kernels as
#     the job runs them (capped at AVX on AMD CPU family 26, see docs/cluster-and-gpu.md, "Processors") and on the
#     reference kernels the self-check switches to;
#   - then oneDNN alone under ONEDNN_MAX_CPU_ISA=ALL (libtorch's default: every instruction set),
#     AVX2 and SSE41 (set before libtorch loads). A |delta| far above the reference kernels' means
#     wrong gradients.
# Builds the job and the benchmarks first when their sources changed. About 4 minutes on 2 cores.
#
#   scripts/bench-conv.sh              # median of 5 passes over 1024 rows
#   scripts/bench-conv.sh RUNS ROWS
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
classpath_file="$(ig_build compile bench)"
cd "$IG_ROOT"

bench() {
  # shellcheck disable=SC2086
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:--Xmx4g} -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.ConvKernelsBench "$@" 2> >(grep --line-buffered -vE '^\s+at ' >&2)
}
date -u '+%Y-%m-%d %H:%M UTC'
bench "${1:-5}" "${2:-1024}"
for isa in ALL AVX2 SSE41; do
  echo
  ONEDNN_MAX_CPU_ISA=$isa bench "${1:-5}" "${2:-1024}" onednn-only
done
