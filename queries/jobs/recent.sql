-- Recent jobs, newest first.
-- params: limit
SELECT job_id, kind, title, actor, status, created_at, started_at, finished_at, progress_done, progress_total, unit,
       message, error, result
FROM jobs ORDER BY created_at DESC LIMIT $limit
