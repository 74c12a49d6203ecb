-- Every approved version of a product, newest first, with who approved it, how, and why.
-- params: product_key
SELECT h.version, h.action, h.deleted, h.conversion_id, h.approved_at, h.approved_by, h.comment, h.content_hash,
       h.ccf.title AS title, k.version = h.version AS current
FROM catalog_history AS h LEFT JOIN catalog AS k USING (product_key)
WHERE h.product_key = $product_key
ORDER BY h.version DESC
