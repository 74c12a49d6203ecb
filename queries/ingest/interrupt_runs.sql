-- Runs left `running` by a process that stopped mid-way: nothing of them was committed.
-- params: finished_at
UPDATE ingest_runs
SET status = 'failed', finished_at = $finished_at,
    error = 'interrupted: the process stopped before the run committed; nothing was applied, ingest the file again'
WHERE status = 'running'
