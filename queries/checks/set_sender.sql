-- The sender of the delivery being checked.
-- params: value
SET VARIABLE check_sender_id = $value
