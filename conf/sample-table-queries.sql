-- Queries over the output tables of conf/sample-table.conf (README.md, "Tables").
-- The runs in the history, newest first.
SELECT run_id, run_time, input_rows, attributed_rows, input_snapshot_id
FROM audit.breast_cancer_history ORDER BY run_time DESC;
-- The top features of the last run (all rows).
SELECT feature, mean_abs, rank
FROM audit.breast_cancer_feature_stats
WHERE run_id = (SELECT max_by(run_id, run_time) FROM audit.breast_cancer_history) AND target IS NULL
ORDER BY rank LIMIT 5;
-- One feature's mean |attribution| over the last 30 runs.
SELECT h.run_time, f.mean_abs, f.rank
FROM audit.breast_cancer_feature_stats f JOIN audit.breast_cancer_history h USING (run_id)
WHERE f.feature = 'worst_concave_points' AND f.target IS NULL
ORDER BY h.run_time DESC LIMIT 30;
