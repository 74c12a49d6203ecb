-- A new waiver: a rule silenced for one product or for every product of one publisher, until expiry.
-- params: rule_id, product_key, publisher, reason, created_by, created_at, expires_at
INSERT INTO waivers (rule_id, product_key, publisher, reason, created_by, created_at, expires_at)
VALUES ($rule_id, $product_key, $publisher, $reason, $created_by, $created_at, $expires_at)
RETURNING waiver_id
