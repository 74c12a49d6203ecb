-- The records of one chunk of one file of an export (see render_chunks), as pinned in the ledger
-- (product, version), in key order.
-- params: export_id, file_index, first_key, last_key
SELECT i.product_key, i.version, i.action, h.ccf
FROM export_items AS i JOIN catalog_history AS h USING (product_key, version)
WHERE i.export_id = $export_id AND i.file_index = $file_index
  AND i.product_key BETWEEN $first_key AND $last_key
  AND h.product_key BETWEEN $first_key AND $last_key
ORDER BY i.product_key
