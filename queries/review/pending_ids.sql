-- The pending conversions of one ingest run (all runs when run_id is NULL), oldest first.
-- params: run_id
SELECT conversion_id FROM conversions
WHERE status = 'pending' AND ($run_id::BIGINT IS NULL OR run_id = $run_id)
ORDER BY conversion_id
