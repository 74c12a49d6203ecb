-- Record a newly received file; returns its feed_id.
-- params: sha256, original_name, archive_path, bytes, source, received_at, received_by
INSERT INTO feeds (sha256, original_name, archive_path, bytes, source, received_at, received_by)
VALUES ($sha256, $original_name, $archive_path, $bytes, $source, $received_at, $received_by)
RETURNING feed_id
