-- Every approved version of one product, newest first, with who approved it and when.
-- params: gtin
SELECT version, action, deleted, content_hash, conversion_id, approved_at, approved_by, comment, ccf
FROM catalog_history WHERE product_key = $gtin ORDER BY version DESC
