-- The delivery's field-level changes, kept with their conversions.
-- params:
INSERT INTO conversion_changes (conversion_id, field, item, change, old_value, new_value)
SELECT id, field, item, change, old_value, new_value FROM diff_rows
