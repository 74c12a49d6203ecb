-- A rendered file's size, rows and checksum; or its delivery time.
-- params: export_id, key, bytes, rows, sha256, delivered_at
UPDATE export_files SET bytes = coalesce($bytes, bytes), rows = coalesce($rows, rows),
    sha256 = coalesce($sha256, sha256), delivered_at = coalesce($delivered_at, delivered_at)
WHERE export_id = $export_id AND key = $key
