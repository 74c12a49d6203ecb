-- The first products of an export plan, for a dry run.
-- params: limit
SELECT p.product_key, p.version, p.action, p.change, h.ccf.title AS title, h.ccf.publisher AS publisher
FROM export_plan AS p LEFT JOIN catalog_history AS h USING (product_key, version)
ORDER BY CASE p.change WHEN 'removed' THEN 0 WHEN 'added' THEN 1 WHEN 'changed' THEN 2 ELSE 3 END, p.product_key
LIMIT $limit
