-- Drop a delivery check's view of the converter's notes.
-- params:
DROP VIEW IF EXISTS check_notes
