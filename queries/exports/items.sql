-- The products one export carried (as pinned in the ledger), with the title and publisher of the version
-- sent: removals first, then additions, changes and the unchanged, each by product.
-- params: export_id, limit
SELECT i.product_key, i.version, i.action, i.change, i.file, h.ccf.title AS title, h.ccf.publisher AS publisher
FROM export_items AS i LEFT JOIN catalog_history AS h USING (product_key, version)
WHERE i.export_id = $export_id
ORDER BY CASE i.change WHEN 'removed' THEN 0 WHEN 'added' THEN 1 WHEN 'changed' THEN 2 ELSE 3 END, i.product_key
LIMIT $limit
