-- Drop a check's view of its subjects with their runs.
-- params:
DROP VIEW IF EXISTS check_subjects_runs
