-- A diff's rows, fields in CCF order of first appearance, items in name order.
-- params:
SELECT id, field, item, change, old_value, new_value FROM diff_rows ORDER BY id, field, item, change
