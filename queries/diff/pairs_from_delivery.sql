-- The pairs a delivery's diff compares: each changed product's new record (from the spool) and the
-- catalogue version it was classified against.
-- params: path
CREATE OR REPLACE TEMP TABLE diff_pairs AS
SELECT k.new_conversion_id AS id, c.ccf AS old, CAST(p.ccf AS ccf_v1) AS new
FROM classified AS k
JOIN catalog AS c USING (product_key)
JOIN read_parquet($path) AS p ON p.position = k.position
WHERE k.outcome = 'changed'
