-- The pairs a delivery's diff compares: each changed product's new record (from the spool) and the
-- catalogue version it was classified against, for the changed products at positions low..high (a
-- delivery is diffed in slices: DuckDB 2.0.1 holds these records in memory, and 50,000 changed products
-- at once failed under 128MB).
-- params: path, low, high
CREATE OR REPLACE TEMP TABLE diff_pairs AS
SELECT k.new_conversion_id AS id, c.ccf AS old, CAST(p.ccf AS ccf_v1) AS new
FROM classified AS k
JOIN catalog AS c USING (product_key)
JOIN read_parquet($path) AS p ON p.position = k.position
WHERE k.outcome = 'changed' AND k.position BETWEEN $low AND $high AND p.position BETWEEN $low AND $high
