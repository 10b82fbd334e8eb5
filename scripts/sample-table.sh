#!/usr/bin/env bash
# The bundled sample as a scheduled audit of a catalog table (conf/sample-table.conf), on two days:
#   1. loads the sample's first 400 rows into the Iceberg table samples.breast_cancer in out/warehouse
#      (an embedded catalog: no server);
#   2. audits it: the first audit reads the whole table, and appends its results to the tables
#      audit.breast_cancer_attributions, _feature_stats and _history;
#   3. appends the other 169 rows as a second day, and audits again with input.since = last-audit:
#      only the new rows are read (run.json: the snapshots of its input section), compared with the first run;
#   4. a third audit finds nothing new: one line, exit 0, nothing written;
#   5. queries the tables as a user would (README.md, "Tables").
# Starts from an empty warehouse each time (it removes out/warehouse and out/sample-table-audit*).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rm -rf out/warehouse out/sample-table-audit out/sample-table-audit-day1
conf=conf/sample-table.conf
show_input() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["input"]["snapshots"]; c=r["counts"]
print("  read: snapshot %s%s; %d data file(s) holding %d row(s); %d row(s) attributed" % (s["snapshot_id"],
      " after %s" % s["after_snapshot_id"] if s["after_snapshot_id"] else " (the whole table)", s["data_files"],
      s["rows_in_files"], c["attributed_rows"]))' "$1/run.json"
}

echo "== day 1: the table with its first rows, and the first audit"
scripts/sql.sh --config "$conf" --file conf/sample-table.sql
scripts/run-local.sh --config "$conf" --set output.path=out/sample-table-audit-day1
show_input out/sample-table-audit-day1

echo "== day 2: new rows appended; the audit reads only them"
scripts/sql.sh --config "$conf" --file conf/sample-table-day2.sql
scripts/run-local.sh --config "$conf"
show_input out/sample-table-audit

echo "== day 2, again: nothing new"
scripts/run-local.sh --config "$conf" --set output.path=out/sample-table-audit-nothing

echo "== the results, as Spark SQL reads them"
scripts/sql.sh --config "$conf" --file conf/sample-table-queries.sql
