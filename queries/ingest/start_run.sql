-- Open an ingest run (status running) so that the console shows it while it works; returns run_id.
-- params: feed_id, job_id, actor, forced, started_at
INSERT INTO ingest_runs (feed_id, job_id, actor, forced, status, started_at)
VALUES ($feed_id, $job_id, $actor, $forced, 'running', $started_at)
RETURNING run_id
