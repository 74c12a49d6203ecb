-- End a waiver now (the console's "expire"): its findings count and block again.
-- params: waiver_id, revoked_at, revoked_by
UPDATE waivers SET revoked_at = $revoked_at, revoked_by = $revoked_by
WHERE waiver_id = $waiver_id AND revoked_at IS NULL
RETURNING waiver_id, rule_id, product_key, publisher
