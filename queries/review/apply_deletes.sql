-- Approved deletes remove the product from the current catalogue (its history keeps every version).
-- params:
DELETE FROM catalog WHERE product_key IN (
    SELECT product_key FROM decision WHERE verdict = 'ok' AND kind = 'deleted'
)
