-- How many pairs a diff holds.
-- params:
SELECT count(*) FROM diff_pairs
