-- Every applied decision is a new version in the history (a delete is a version without a record).
-- params: approved_at, approved_by, comment, action
INSERT INTO catalog_history (product_key, version, content_hash, ccf, deleted, action, conversion_id, approved_at,
                             approved_by, comment)
SELECT product_key, next_version,
       CASE WHEN kind = 'deleted' THEN NULL ELSE content_hash END,
       CASE WHEN kind = 'deleted' THEN NULL ELSE ccf END,
       kind = 'deleted', $action, conversion_id, $approved_at, $approved_by, $comment
FROM decision
WHERE verdict = 'ok' AND (kind <> 'deleted' OR base_version IS NOT NULL)
