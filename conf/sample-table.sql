-- The bundled sample's rows as an Iceberg table of the embedded catalog (conf/sample-table.conf),
-- partitioned by the day they arrived: rows with id < 400 on the first day. scripts/sample-table.sh
-- runs this, then appends the other rows as the second day (conf/sample-table-day2.sql).
CREATE TEMPORARY VIEW sample_rows USING csv
OPTIONS (path 'data-samples/breast_cancer.csv', header 'true', inferSchema 'true');
CREATE NAMESPACE IF NOT EXISTS samples;
CREATE TABLE samples.breast_cancer USING iceberg PARTITIONED BY (arrived) AS
SELECT DATE '2026-12-05' AS arrived, * FROM sample_rows WHERE id < 400;
