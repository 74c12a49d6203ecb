-- The publisher of a product (its latest version), to check a waiver's subject exists.
-- params: product_key
SELECT coalesce(
    (SELECT ccf.publisher FROM conversions WHERE product_key = $product_key ORDER BY conversion_id DESC LIMIT 1),
    (SELECT ccf.publisher FROM catalog WHERE product_key = $product_key)
) AS publisher,
EXISTS (SELECT 1 FROM conversions WHERE product_key = $product_key)
    OR EXISTS (SELECT 1 FROM findings WHERE product_key = $product_key) AS known
