-- Ingest runs that failed (nothing applied) or were partial (products rejected) since `days` ago, newest
-- first, with the file and the first line of the reason.
-- params: days
SELECT r.run_id, r.status, f.original_name AS file, r.sender_name, r.started_at, r.products, r.rejected,
       split_part(coalesce(r.error, ''), chr(10), 1) AS error, r.error_line, r.error_column
FROM ingest_runs AS r JOIN feeds AS f USING (feed_id)
WHERE r.status IN ('failed', 'partial') AND r.started_at >= now() - to_days(CAST($days AS INTEGER))
ORDER BY r.run_id DESC
