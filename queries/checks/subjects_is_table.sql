-- Whether check_subjects is a temporary table (a delivery's check) rather than a view (a re-check).
-- params:
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'check_subjects' AND temporary
