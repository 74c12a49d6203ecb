-- The ledger items of an export: per product, the catalogue version sent (or removed) and its file.
-- params: export_id, partner
INSERT INTO export_items (export_id, partner, product_key, version, action, change, file_index, file)
SELECT $export_id, $partner, product_key, version, action, change, file_index, key FROM export_assigned
