-- The pending conversions of a decision are rejected (the catalogue stays as it was).
-- params: decided_at, decided_by, comment
UPDATE conversions SET status = 'rejected', decided_at = $decided_at, decided_by = $decided_by, comment = $comment
WHERE conversion_id IN (SELECT conversion_id FROM decision WHERE status = 'pending')
