-- Current findings matching the filters (the same filters as findings/search; any may be NULL), counted by
-- rule, severity and publisher: findings, distinct products, and how many of those findings are waived.
-- params: rule, gtin, severity, publisher, status, run_id
SELECT f.rule_id, f.severity, f.publisher, count(*) AS findings, count(DISTINCT f.product_key) AS products,
       count(*) FILTER (WHERE f.waived AND f.open) AS waived
FROM current_findings AS f
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
GROUP BY f.rule_id, f.severity, f.publisher
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, count(*) DESC, f.rule_id,
         f.publisher NULLS FIRST
