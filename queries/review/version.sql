-- One version of a product's history, and the version number the next one will take.
-- params: product_key, version
SELECT h.ccf, h.content_hash, h.deleted, k.version AS current_version,
       (SELECT max(version) FROM catalog_history WHERE product_key = $product_key) + 1 AS next_version,
       k.sender_id
FROM catalog_history AS h LEFT JOIN catalog AS k USING (product_key)
WHERE h.product_key = $product_key AND h.version = $version
