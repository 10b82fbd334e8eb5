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
# Environment: JAVA_OPTS (extra JVM options, e.g. -Xmx8g), IG_REBUILD=1 (force the build).
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
# shellcheck disable=SC2086
exec "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:-} -cp "$IG_CLASSES:$(cat "$classpath_file")" io.igaudit.Main "${args[@]}"
