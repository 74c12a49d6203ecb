-- How a re-delivery ended.
-- params: redelivery_id, status, files, error, finished_at
UPDATE export_redeliveries
SET status = $status, files = $files, error = $error, finished_at = $finished_at
WHERE redelivery_id = $redelivery_id
