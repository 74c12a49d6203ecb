-- Inside a staged delivery's transaction (after ingest/classify and diff.stage_delivery): per kind of
-- change the benchmark made (bench_delivery.change), the products delivered, those classified changed (with
-- a field-level change), those whose hash differed (the pairs diffed), and their field-level change rows.
-- params:
WITH rows AS (SELECT id, count(*) AS n FROM diff_rows GROUP BY id)
SELECT d.change, count(*) AS products,
       count(*) FILTER (WHERE k.outcome = 'changed') AS changed,
       count(*) FILTER (WHERE k.catalog_hash IS DISTINCT FROM d.content_hash) AS hash_differs,
       coalesce(sum(r.n), 0) AS change_rows
FROM bench_delivery AS d
JOIN classified AS k USING (product_key)
LEFT JOIN rows AS r ON r.id = k.new_conversion_id
GROUP BY d.change
ORDER BY d.change NULLS LAST
