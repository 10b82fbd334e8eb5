# Shared by the scripts in this folder: the repository root, the JVM flags Spark needs on
# Java 17, and a build step that compiles the job (or the benchmarks) and writes its classpath
# when sources changed. Source it; do not run it.

IG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IG_CLASSES="$IG_ROOT/job/target/classes"
IG_BENCH_CLASSES="$IG_ROOT/bench/target/classes"
IG_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Spark generates one Java method per query stage, which over a few dozen columns (the scans of the
# checks, the median's passes) passes HotSpot's limit of 8,000 bytes of bytecode for compiling a
# method: it would then run interpreted for the whole scan. Compile such methods too
# (docs/performance.md, "Settings the figures rely on"). submit.sh passes it to the driver and the
# executors as spark.*.extraJavaOptions.
IG_JIT_FLAGS=(-XX:-DontCompileHugeMethods)

# Spark (and Arrow) reach into JDK internals; spark-submit adds these itself, a plain java does not.
IG_JVM_FLAGS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
  "${IG_JIT_FLAGS[@]}"
)

# libtorch frees and re-allocates its multi-MB activations on every model pass. glibc by default
# hands such blocks straight back to the kernel (mmap/munmap), so every pass page-faults them in
# again (docs/performance.md, "Settings the figures rely on"). Keep them in the heap.
# Your own values win; IG_MALLOC_SETTINGS holds the same as spark.executorEnv options for executors.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
IG_MALLOC_SETTINGS=(
  --conf "spark.executorEnv.MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_"
  --conf "spark.executorEnv.MALLOC_TRIM_THRESHOLD_=$MALLOC_TRIM_THRESHOLD_"
)

# ig_build SCOPE [MODULE]: compiles MODULE ("job", the default, or "bench", which compiles the job
# too) and writes the classpath of SCOPE ("compile" includes Spark, which is provided-scope;
# "runtime" leaves it out) to MODULE/target/classpath-SCOPE.txt, unless nothing changed since the
# last build. The bench's classpath holds the job's classes. Prints the classpath file's path.
ig_build() {
  local scope="$1"
  local module="${2:-job}"
  local classpath_file="$IG_ROOT/$module/target/classpath-$scope.txt"
  local stamp="$IG_ROOT/$module/target/build-$scope.stamp"
  local sources=("$IG_ROOT/job/src/main" "$IG_ROOT/pom.xml" "$IG_ROOT/job/pom.xml")
  [[ "$module" == job ]] || sources+=("$IG_ROOT/$module/src/main" "$IG_ROOT/$module/pom.xml")
  if [[ "${IG_REBUILD:-0}" == 1 || ! -f "$stamp" || ! -s "$classpath_file" || ! -d "$IG_CLASSES" ]] \
      || [[ ! -d "$IG_ROOT/$module/target/classes" ]] \
      || [[ -n "$(find "${sources[@]}" -newer "$stamp" -print -quit)" ]]; then
    command -v mvn >/dev/null || { echo "Maven (mvn) is needed to build; install it (apt-get install maven)" >&2; return 1; }
    if [[ "$module" == job ]]; then echo "building IG Audit (mvn compile)..." >&2
    else echo "building IG Audit's $module (mvn compile)..." >&2; fi
    local log
    # -am builds the modules MODULE needs first; each writes the file, MODULE last, so its classpath
    # is what stays. The output path is absolute: Maven resolves a relative one against each
    # module's folder.
    if ! log="$(cd "$IG_ROOT" && mvn -q -B -DskipTests -pl "$module" -am compile dependency:build-classpath \
        -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope="$scope" 2>&1)"; then
      echo "$log" >&2
      echo "build failed" >&2
      return 1
    fi
    touch "$stamp"
  fi
  echo "$classpath_file"
}

# ig_wide_inputs FOLDER ROWS FEATURES: writes bench/WideInputs' rows (an id and FEATURES
# standard-normal columns f0..) under FOLDER as rows.csv, rows.parquet and parquet/, unless
# rows.csv is there already; its log goes to FOLDER.log. Needs `ig_build compile bench` first.
ig_wide_inputs() {
  local folder="$1" rows="$2" features="$3"
  [[ -f "$folder/rows.csv" ]] && return 0
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" -cp "$IG_BENCH_CLASSES:$(cat "$IG_ROOT/bench/target/classpath-compile.txt")" \
    io.igaudit.bench.WideInputs "$folder" "$rows" "$features" > "$folder.log" 2>&1
}
