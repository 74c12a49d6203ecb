-- A product whose record differs from the catalogue's only in order or whitespace (another hash, no
-- field-level change) is unchanged: no conversion, nothing to review. A pending conversion it replaces
-- is still superseded (the delivery went back to the catalogue's content).
-- params:
UPDATE classified SET outcome = 'unchanged', new_conversion_id = NULL
WHERE outcome = 'changed' AND new_conversion_id NOT IN (SELECT id FROM diff_rows)
