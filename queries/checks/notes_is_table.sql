-- Whether check_notes is a temporary table (a re-check) rather than a view (a delivery's check).
-- params:
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'check_notes' AND temporary
