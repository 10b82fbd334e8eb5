#!/usr/bin/env bash
# Runs IG Audit in Spark local mode (Spark embedded: nothing to install but Java 17 and Maven),
# building it first when its sources changed.
#
#   scripts/run-local.sh                                   # audits the bundled sample (conf/sample.conf)
#   scripts/run-local.sh --set attribution.steps=100       # the sample, with overrides
#   scripts/run-local.sh --config my.conf --set output.path=/tmp/audit
#
# Without --config, the bundled sample (conf/sample.conf) runs from the repository root, where its
# relative paths point. With --config, the job runs where you stand: the --config path and every
# relative path in the configuration (and in --set) are taken from the current folder. Exit codes: 0 success, 1 failure while running, 2 bad configuration
# or input, 3 an audit.fail-on check failed (after everything was written).
# Environment: JAVA_OPTS (extra JVM options, e.g. -Xmx8g), IG_REBUILD=1 (force the build),
# IG_CDS=1 (start faster from a class-data-sharing archive of the classes a run loads: the first
# run with it writes the archive, about 170 MB in job/target, and takes longer; see docs/performance.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

classpath_file="$(ig_build compile)"

args=("$@")
has_config=0
for arg in "$@"; do
  [[ "$arg" == --config || "$arg" == --config=* || "$arg" == -h || "$arg" == --help || "$arg" == -V || "$arg" == --version ]] && has_config=1
done
if [[ $has_config == 0 ]]; then
  args=(--config "$IG_ROOT/conf/sample.conf" "${args[@]}")
  cd "$IG_ROOT"
fi

# Local mode: keep Spark on the loopback interface.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# The throughput collector, unless JAVA_OPTS picks one: on a few cores G1's concurrent threads take
# time from the tasks (docs/performance.md, "Start-up and checks").
if [[ "${JAVA_OPTS:-}" != *-XX:+Use*GC* ]]; then
  IG_JVM_FLAGS+=(-XX:+UseParallelGC)
fi
classes="$IG_CLASSES"
if [[ "${IG_CDS:-0}" == 1 ]]; then
  # The JDK archives classes from jars only, and only for the class path it was written with: the
  # job's classes go into a jar, and a new jar or class path means a new archive.
  jar="$IG_ROOT/job/target/ig-audit-classes.jar"
  archive="$IG_ROOT/job/target/ig-audit-classes.jsa"
  if [[ ! -f "$jar" || "$classpath_file" -nt "$jar" || -n "$(find "$IG_CLASSES" -newer "$jar" -print -quit)" ]]; then
    rm -f "$archive"
    "${JAVA_HOME:+$JAVA_HOME/bin/}jar" cf "$jar.tmp" -C "$IG_CLASSES" . && mv "$jar.tmp" "$jar"
  fi
  classes="$jar"
  if [[ ! -f "$archive" ]]; then
    echo "IG_CDS=1: this run also writes the class archive $archive (once)" >&2
    set +e
    # shellcheck disable=SC2086
    "$IG_JAVA" "${IG_JVM_FLAGS[@]}" -XX:ArchiveClassesAtExit="$archive.tmp.$$" -Xlog:cds=off -Xlog:cds+dynamic=off ${JAVA_OPTS:-} \
      -cp "$classes:$(cat "$classpath_file")" io.igaudit.Main "${args[@]}"
    status=$?
    set -e
    if [[ -s "$archive.tmp.$$" ]]; then mv "$archive.tmp.$$" "$archive"; else rm -f "$archive.tmp.$$"; fi
    exit $status
  fi
  # -Xshare:auto: an archive the JVM cannot use is left aside, and the run goes on without it.
  IG_JVM_FLAGS+=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# shellcheck disable=SC2086
exec "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:-} -cp "$classes:$(cat "$classpath_file")" io.igaudit.Main "${args[@]}"
