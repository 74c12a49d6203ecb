-- The run and sender of the delivery being checked.
-- params: value
SET VARIABLE check_run_id = $value
