-- Drop a file's flat rows.
-- params:
DROP TABLE IF EXISTS export_rows
