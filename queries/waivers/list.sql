-- Waivers with their state (active, expired, revoked) and how many current findings each silences.
-- params: include_ended
SELECT w.waiver_id, w.rule_id, w.product_key, w.publisher, w.reason, w.created_by, w.created_at, w.expires_at,
       w.revoked_at, w.revoked_by,
       CASE WHEN w.revoked_at IS NOT NULL THEN 'revoked'
            WHEN w.expires_at IS NOT NULL AND w.expires_at <= now() THEN 'expired'
            ELSE 'active' END AS state,
       (SELECT count(*) FROM current_findings AS f WHERE f.waiver_id = w.waiver_id AND f.open) AS silences
FROM waivers AS w
WHERE $include_ended OR (w.revoked_at IS NULL AND (w.expires_at IS NULL OR w.expires_at > now()))
ORDER BY w.waiver_id DESC
