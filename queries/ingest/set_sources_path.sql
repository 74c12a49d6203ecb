-- Where a run keeps the raw XML of its products.
-- params: run_id, sources_path
UPDATE ingest_runs SET sources_path = $sources_path WHERE run_id = $run_id
