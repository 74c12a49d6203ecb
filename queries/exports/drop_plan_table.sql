-- Drop an export's plan.
-- params:
DROP TABLE IF EXISTS export_plan
