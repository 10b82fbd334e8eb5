#!/usr/bin/env bash
# input.sample against a run of every row: the breast-cancer sample replicated to ROWS rows with
# seeded 1 % noise (a Parquet folder), audited whole and as a FRACTION sample with
# conf/sample.conf's model; prints each run's wall time and how many features' full-run mean
# |attribution| lie inside the sample's 95 % intervals (SampleBench).
#
#   scripts/bench-sample.sh                     # 1,000,000 rows, a 1 % sample
#   scripts/bench-sample.sh ROWS FRACTION [WORK_FOLDER]
#
# The baseline is fixed (zeros): a median baseline would be the sample's own median, not the
# full input's. Environment: IG_REBUILD=1 forces the build; JAVA_OPTS adds JVM options;
# SAMPLE_INPUT=table audits the rows as an Iceberg table (input.table, loaded once into the
# embedded catalog in WORK_FOLDER/warehouse) instead of the Parquet folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rows="${1:-1000000}"
fraction="${2:-0.01}"
work="${3:-$IG_ROOT/out/bench-sample}"
classpath_file="$(ig_build compile bench)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

bench() {
  # shellcheck disable=SC2086
  "$IG_JAVA" "${IG_JVM_FLAGS[@]}" ${JAVA_OPTS:--Xmx4g} -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" \
    io.igaudit.bench.SampleBench "$@"
}

input="$work/input-$rows.parquet"
[[ -d "$input" ]] || bench make "$IG_ROOT/data-samples/breast_cancer.csv" "$rows" 0 "$input"

source_args=(--set "input.path=$input" --set input.format=parquet)
if [[ "${SAMPLE_INPUT:-folder}" == table ]]; then
  table="bench.rows_$rows"
  warehouse=(--set "output.warehouse=$work/warehouse")
  if [[ ! -d "$work/warehouse/bench/rows_$rows" ]]; then
    "$IG_ROOT/scripts/sql.sh" --config "$IG_ROOT/conf/sample.conf" "${warehouse[@]}" "CREATE NAMESPACE IF NOT EXISTS bench" \
      "CREATE TABLE $table USING iceberg AS SELECT * FROM parquet.\`$input\`" > "$work/load-table.log" 2>&1
  fi
  source_args=(--set input.path= --set "input.table=$table" "${warehouse[@]}")
fi

audit() {  # audit NAME [--set ...]: one run, its wall time printed
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$IG_ROOT/scripts/run-local.sh" --config "$IG_ROOT/conf/sample.conf" "${source_args[@]}" \
    --set attribution.baseline=zeros --set "output.path=$work/$name" "$@" \
    > "$work/$name.log" 2>&1
  end=$(date +%s.%N)
  printf '%s: %.1f s (whole process); %s\n' "$name" "$(echo "$end - $start" | bc)" \
    "$(grep -m1 'rows:' "$work/$name.log" | sed 's/^ *//')"
}

lscpu | grep -E 'Model name|CPU family|Model:' | tr -s ' ' | paste -sd ';'
echo "input: ${SAMPLE_INPUT:-folder} of $rows rows"
mkdir -p "$work"
audit full
audit "sample-$fraction" --set "input.sample.fraction=$fraction"
bench compare "$work/full" "$work/sample-$fraction"
