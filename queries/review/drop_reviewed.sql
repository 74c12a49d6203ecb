-- Drop the delivery's staged review columns.
-- params:
DROP TABLE IF EXISTS reviewed
