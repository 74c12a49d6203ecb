-- The review benchmark's floor: a plain hash join of a delivery's spooled products with the catalogue on
-- product_key, comparing content hashes; returns the products matched and those whose hash differs.
-- params: path
SELECT count(*) AS matched, count(*) FILTER (WHERE c.content_hash <> d.content_hash) AS differ
FROM read_parquet($path) AS d
JOIN catalog AS c USING (product_key)
