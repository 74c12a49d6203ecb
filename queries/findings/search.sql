-- Current findings (each product's latest check, and file findings), filtered; any filter may be NULL.
-- status: new | recurring | resolved | open (new or recurring, not waived) | waived (open and waived).
-- params: rule, gtin, severity, publisher, status, run_id, limit
SELECT f.finding_id, f.rule_id, f.rule_version, f.product_key, f.scope, f.severity, f.field, f.observed,
       f.message, f.suggested_fix, f.status, f.waived, f.waiver_id, f.publisher, f.line, f.run_id,
       f.conversion_id, f.check_id, f.created_at,
       coalesce(c.title, k.ccf.title) AS title
FROM current_findings AS f
LEFT JOIN catalog AS k USING (product_key)
LEFT JOIN (
    SELECT product_key, arg_max(ccf.title, conversion_id) AS title FROM conversions
    WHERE product_key IN (SELECT product_key FROM current_findings) GROUP BY product_key
) AS c USING (product_key)
WHERE ($rule::VARCHAR IS NULL OR f.rule_id = upper($rule::VARCHAR))
  AND ($gtin::VARCHAR IS NULL OR f.product_key = $gtin::VARCHAR)
  AND ($severity::VARCHAR IS NULL OR f.severity = $severity::VARCHAR)
  AND ($publisher::VARCHAR IS NULL OR f.publisher = $publisher::VARCHAR)
  AND ($run_id::BIGINT IS NULL OR f.run_id = $run_id::BIGINT)
  AND (CASE $status::VARCHAR
         WHEN 'open' THEN f.open AND NOT f.waived
         WHEN 'waived' THEN f.open AND f.waived
         WHEN 'new' THEN f.status = 'new'
         WHEN 'recurring' THEN f.status = 'recurring'
         WHEN 'resolved' THEN f.status = 'resolved'
         ELSE true END)
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule_id, f.product_key, f.line
LIMIT $limit
