#!/usr/bin/env bash
# Submits IG Audit to a cluster with spark-submit, building the job jar first when needed.
#
#   scripts/submit.sh [SPARK-SUBMIT OPTIONS...] -- [JOB OPTIONS...]
#
# Examples (docs/cluster-and-gpu.md, "Running on a cluster", has more):
#   scripts/submit.sh --master spark://master:7077 --deploy-mode client -- --config conf/sample.conf
#   scripts/submit.sh --master yarn --deploy-mode cluster --files my.conf -- --config my.conf
#
# Uses $SPARK_HOME/bin/spark-submit, else spark-submit on the PATH, else Spark's own SparkSubmit
# from the project's Maven classpath (no Spark install needed; enough for standalone masters).
# Environment: IG_REBUILD=1 forces the build; IG_JAR overrides the jar.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

submit_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  submit_args+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift   # the "--"
job_args=("$@")

jar="${IG_JAR:-}"
if [[ -z "$jar" ]]; then
  jar="$(ls "$IG_ROOT"/job/target/ig-audit-job-*-all.jar 2>/dev/null | head -n 1 || true)"
  if [[ -z "$jar" || "${IG_REBUILD:-0}" == 1 || -n "$(find "$IG_ROOT/job/src/main" "$IG_ROOT/pom.xml" "$IG_ROOT/job/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "building the job jar (mvn package)..." >&2
    (cd "$IG_ROOT" && mvn -q -B -DskipTests package) >&2
    jar="$(ls "$IG_ROOT"/job/target/ig-audit-job-*-all.jar | head -n 1)"
  fi
fi

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  submit=("$SPARK_HOME/bin/spark-submit")
elif command -v spark-submit >/dev/null; then
  submit=(spark-submit)
else
  # Spark's launcher from the Maven classpath: the same classes a Spark install would run.
  classpath_file="$(ig_build compile)"
  submit=("$IG_JAVA" "${IG_JVM_FLAGS[@]}" -cp "$(cat "$classpath_file")" org.apache.spark.deploy.SparkSubmit)
fi

# The malloc settings and JIT flags of lib.sh for the executors (and the driver) too; options given
# here come later and win, so an extraJavaOptions of yours should repeat the JIT flag.
# ${a[@]+"${a[@]}"}: an empty array is an unbound variable under set -u in bash before 4.4.
jit_settings=(--conf "spark.driver.extraJavaOptions=${IG_JIT_FLAGS[*]}" --conf "spark.executor.extraJavaOptions=${IG_JIT_FLAGS[*]}")
exec "${submit[@]}" --class io.igaudit.Main "${IG_MALLOC_SETTINGS[@]}" "${jit_settings[@]}" ${submit_args[@]+"${submit_args[@]}"} "$jar" \
  ${job_args[@]+"${job_args[@]}"}
