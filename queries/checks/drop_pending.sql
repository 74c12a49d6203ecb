-- Drop a re-check's pending subjects.
-- params:
DROP TABLE IF EXISTS check_pending
