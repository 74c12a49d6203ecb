-- Drop the run's classification table.
-- params:
DROP TABLE IF EXISTS classified
