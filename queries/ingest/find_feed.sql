-- The feed already received with these bytes, if any.
-- params: sha256
SELECT feed_id, archive_path, original_name FROM feeds WHERE sha256 = $sha256
