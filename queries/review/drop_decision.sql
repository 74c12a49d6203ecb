-- Drop the decision's temporary table.
-- params:
DROP TABLE IF EXISTS decision
