-- Drop a re-check's view of the products it judges.
-- params:
DROP VIEW IF EXISTS check_subjects
