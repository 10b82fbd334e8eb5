#!/usr/bin/env bash
# Engine benchmark: vectorised Integrated Gradients against one forward+backward pass per
# (row, step), on the sample models. Builds the job first when its sources changed.
#
#   scripts/bench-engine.sh                  # wide MLP (256 features), then breast-cancer MLP (30)
#   scripts/bench-engine.sh --model data-samples/wine_mlp.pt --rows 512   # one run, EngineBench args
#
# Environment: BENCH_THREADS  libtorch intra-op threads (default 1: stable on small machines)
#              BENCH_REBUILD=1 forces the Maven build
set -euo pipefail

# Paths given as arguments stay relative to the caller's folder; only Maven runs in the root.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

THREADS="${BENCH_THREADS:-1}"
CLASSES="$ROOT/job/target/classes"
CLASSPATH_FILE="$ROOT/job/target/classpath.txt"
STAMP="$ROOT/job/target/bench-engine.stamp"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# A build is needed when there is none yet or a main source or pom changed since the last one.
needs_build() {
  [[ "${BENCH_REBUILD:-0}" == 1 || ! -f "$STAMP" || ! -s "$CLASSPATH_FILE" ]] && return 0
  [[ -n "$(find "$ROOT/job/src/main" "$ROOT/pom.xml" "$ROOT/job/pom.xml" -type f -newer "$STAMP" -print -quit)" ]]
}

if needs_build; then
  echo "building (mvn compile + runtime classpath)..." >&2
  # Spark is provided-scope and not on the runtime classpath: the benchmark does not need it.
  # The output path is absolute: Maven resolves a relative one against each module's folder.
  # Maven's log is shown only when the build fails (-q still prints colour resets).
  if ! log="$(cd "$ROOT" && mvn -q -B -DskipTests compile dependency:build-classpath \
      -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=runtime 2>&1)"; then
    echo "$log" >&2
    echo "build failed" >&2
    exit 1
  fi
  touch "$STAMP"
fi

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
