-- The records of one file of an export, as pinned in the ledger (product, version), in key order.
-- params: export_id, file_index
SELECT i.product_key, i.version, i.action, h.ccf
FROM export_items AS i JOIN catalog_history AS h USING (product_key, version)
WHERE i.export_id = $export_id AND i.file_index = $file_index
ORDER BY i.product_key
