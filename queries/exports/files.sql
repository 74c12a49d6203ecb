-- An export's files, in order.
-- params: export_id
SELECT key, file_index, bytes, rows, sha256, delivered_at FROM export_files
WHERE export_id = $export_id ORDER BY file_index, key
