-- Each product the run's block updates touch, with the position of its last update: until then, the
-- product's merged record so far is kept as the base of its next update.
-- params: blocks
SELECT product_key, max(position) AS last_position
FROM read_parquet($blocks)
GROUP BY product_key
