-- A job ends: succeeded with a result, or failed with an error; its last progress is kept.
-- params: job_id, status, finished_at, progress_done, progress_total, unit, message, error, result
UPDATE jobs SET status = $status, finished_at = $finished_at, progress_done = $progress_done,
    progress_total = $progress_total, unit = $unit, message = $message, error = $error, result = $result
WHERE job_id = $job_id
