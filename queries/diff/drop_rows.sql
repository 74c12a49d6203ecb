-- Drop a diff's rows.
-- params:
DROP TABLE IF EXISTS diff_rows
