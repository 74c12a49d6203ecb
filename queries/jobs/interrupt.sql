-- Jobs a stopped process left queued or running.
-- params: finished_at
UPDATE jobs SET status = 'failed', finished_at = $finished_at, error = 'interrupted: the console stopped while it ran'
WHERE status IN ('queued', 'running')
