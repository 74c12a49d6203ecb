-- The status of the runs named (runs absent from the database are not returned).
-- params: run_ids
SELECT run_id, status FROM ingest_runs WHERE run_id IN (SELECT unnest($run_ids::BIGINT[]))
