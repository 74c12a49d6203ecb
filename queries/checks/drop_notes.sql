-- Drop a check's table of the converter's notes.
-- params:
DROP TABLE IF EXISTS check_notes
