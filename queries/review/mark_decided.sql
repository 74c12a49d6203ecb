-- The decided conversions take their new status (approved, auto_approved or rejected).
-- params: status, decided_at, decided_by, comment
UPDATE conversions SET status = $status, decided_at = $decided_at, decided_by = $decided_by, comment = $comment
WHERE conversion_id IN (SELECT conversion_id FROM decision WHERE verdict = 'ok')
