-- The latest run that applied this feed (succeeded or partial), if any: a repeated delivery is skipped.
-- params: feed_id
SELECT run_id, status, finished_at FROM ingest_runs
WHERE feed_id = $feed_id AND status IN ('succeeded', 'partial')
ORDER BY run_id DESC LIMIT 1
