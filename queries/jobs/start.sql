-- A job starts running.
-- params: job_id, started_at
UPDATE jobs SET status = 'running', started_at = $started_at WHERE job_id = $job_id
