-- Drop a delivery check's table of the products it judges.
-- params:
DROP TABLE IF EXISTS check_subjects
