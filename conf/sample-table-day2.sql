-- The second day's rows of the sample table (scripts/sample-table.sh).
CREATE TEMPORARY VIEW sample_rows USING csv
OPTIONS (path 'data-samples/breast_cancer.csv', header 'true', inferSchema 'true');
INSERT INTO samples.breast_cancer
SELECT DATE '2026-12-06' AS arrived, * FROM sample_rows WHERE id >= 400;
