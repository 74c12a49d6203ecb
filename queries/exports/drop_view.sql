-- Drop an export's partner view and plan.
-- params:
DROP TABLE IF EXISTS export_view
