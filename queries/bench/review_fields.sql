-- Inside a staged delivery's transaction: the field-level change rows (diff_rows) by field and change.
-- params:
SELECT field, change, count(*) AS n FROM diff_rows GROUP BY field, change ORDER BY field, change
