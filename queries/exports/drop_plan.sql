-- Drop an export's planning tables.
-- params:
DROP TABLE IF EXISTS export_assigned
