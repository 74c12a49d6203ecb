-- The files an export will render, one per file index of its items.
-- params: export_id
INSERT INTO export_files (export_id, key, file_index)
SELECT DISTINCT $export_id, key, file_index FROM export_assigned
