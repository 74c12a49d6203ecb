-- The re-deliveries of an export, newest first.
-- params: export_id
SELECT redelivery_id, export_id, destination, actor, started_at, finished_at, status, files, error
FROM export_redeliveries
WHERE export_id = $export_id
ORDER BY redelivery_id DESC
