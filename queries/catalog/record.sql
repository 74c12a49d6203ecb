-- The approved catalogue record of one product.
-- params: gtin
SELECT product_key, version, content_hash, ccf, approved_at, approved_by, conversion_id
FROM catalog WHERE product_key = $gtin
