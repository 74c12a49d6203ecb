-- An export's state: rendering -> delivering -> delivered | failed (with the error), its counts and manifest.
-- params: export_id, status, error, finished_at, counts, manifest, archive_path
UPDATE exports SET status = $status, error = $error, finished_at = $finished_at,
    counts = coalesce($counts::JSON, counts), manifest = coalesce($manifest::JSON, manifest),
    archive_path = coalesce($archive_path, archive_path)
WHERE export_id = $export_id
