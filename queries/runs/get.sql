-- One ingest run with everything known about how its file was read.
-- params: run_id
SELECT r.*, f.original_name AS file, f.sha256, f.bytes, f.source, f.archive_path, f.received_at
FROM ingest_runs AS r JOIN feeds AS f USING (feed_id)
WHERE r.run_id = $run_id
