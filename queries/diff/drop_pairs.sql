-- Drop a diff's pairs.
-- params:
DROP TABLE IF EXISTS diff_pairs
