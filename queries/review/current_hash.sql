-- The content hash of a product's current catalogue record.
-- params: product_key
SELECT content_hash FROM catalog WHERE product_key = $product_key
