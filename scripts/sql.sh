#!/usr/bin/env bash
# Spark SQL in local mode with an audit's catalogs (its spark { } settings and output.warehouse's
# embedded Iceberg catalog): make input tables, read the output tables. Builds first when needed.
#
#   scripts/sql.sh --config conf/sample-table.conf "SELECT run_id, run_date FROM audit.breast_cancer_history"
#   scripts/sql.sh --config conf/sample-table.conf --file conf/sample-table.sql
#
# Relative paths are taken from the current folder. Exit codes: 0 success, 2 bad configuration or a
# statement that failed (its message on one line).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

classpath_file="$(ig_build compile)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:-} -cp "$IG_CLASSES:$(cat "$classpath_file")" io.igaudit.Sql "$@"
