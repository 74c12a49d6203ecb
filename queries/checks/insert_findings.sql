-- The check's findings with their lifecycle: a fingerprint (rule, product, field, observed value) seen
-- in the product's previous check is recurring, else new; an open one of the previous check not seen now
-- is recorded as resolved. Reads only committed findings and this check's staged ones.
-- params: check_id, run_id, created_at
INSERT INTO findings (run_id, conversion_id, product_key, scope, rule_id, rule_version, severity, field, observed,
                      message, suggested_fix, line, fingerprint, status, created_at, check_id, content_hash,
                      publisher, position)
WITH current AS (
    SELECT f.*, s.conversion_id, s.content_hash, s.position, s.ccf.publisher AS publisher,
           s.ccf.provenance.line AS line,
           sha256(f.rule_id || '|' || f.product_key || '|' || coalesce(f.field, '') || '|' || coalesce(f.observed, ''))
               AS fingerprint
    FROM staged_findings AS f JOIN check_subjects_runs AS s USING (product_key)
),
previous_check AS (
    SELECT product_key, max(check_id) AS check_id FROM findings
    WHERE product_key IN (SELECT product_key FROM check_subjects) AND check_id < $check_id
    GROUP BY product_key
),
previous_open AS (
    SELECT f.* FROM findings AS f JOIN previous_check AS p USING (product_key, check_id)
    -- File findings (Q01 and the like) have their own lifecycle: a product rule never resolves them.
    WHERE f.status IN ('new', 'recurring') AND f.scope = 'product'
)
SELECT $run_id, c.conversion_id, c.product_key, 'product', c.rule_id, c.rule_version, c.severity, c.field,
       c.observed, c.message, c.suggested_fix, c.line, c.fingerprint,
       CASE WHEN c.fingerprint IN (SELECT fingerprint FROM previous_open) THEN 'recurring' ELSE 'new' END,
       $created_at, $check_id, c.content_hash, c.publisher, c.position
FROM current AS c
UNION ALL
SELECT $run_id, s.conversion_id, o.product_key, 'product', o.rule_id, o.rule_version, o.severity, o.field,
       o.observed, o.message, o.suggested_fix, o.line, o.fingerprint, 'resolved', $created_at, $check_id,
       s.content_hash, o.publisher, s.position
FROM previous_open AS o
JOIN check_subjects_runs AS s USING (product_key)
WHERE o.fingerprint NOT IN (SELECT fingerprint FROM current)
