-- The review queue: conversions with what a reviewer decides on (kind, changed fields, flags, open
-- unwaived findings of the product by severity, whether the catalogue moved on), filtered; any filter
-- may be NULL. findings: error | warning | info (at least one open finding of that severity) | none.
-- params: status, publisher, run_id, kind, field, flag, findings, gtin, conversion_id, limit
WITH open_findings AS (
    SELECT product_key,
           count(*) FILTER (WHERE severity = 'error') AS errors,
           count(*) FILTER (WHERE severity = 'warning') AS warnings,
           count(*) FILTER (WHERE severity = 'info') AS infos
    FROM current_findings WHERE open AND NOT waived AND product_key IS NOT NULL
    GROUP BY product_key
)
SELECT c.conversion_id, c.product_key AS gtin, c.kind, c.status,
       coalesce(c.ccf.title, k.ccf.title) AS title,
       coalesce(c.ccf.publisher, k.ccf.publisher) AS publisher,
       coalesce(c.changed_fields, []::VARCHAR[]) AS changed_fields, coalesce(c.flags, []::VARCHAR[]) AS flags,
       coalesce(f.errors, 0) AS errors, coalesce(f.warnings, 0) AS warnings, coalesce(f.infos, 0) AS infos,
       c.run_id, c.feed_id, c.base_version, k.version AS catalog_version,
       c.base_version IS DISTINCT FROM k.version AS stale,
       c.created_at, c.decided_at, c.decided_by, c.comment, c.status_reason
FROM conversions AS c
LEFT JOIN catalog AS k USING (product_key)
LEFT JOIN open_findings AS f USING (product_key)
WHERE ($status::VARCHAR IS NULL OR c.status = $status::VARCHAR)
  AND ($publisher::VARCHAR IS NULL OR coalesce(c.ccf.publisher, k.ccf.publisher) = $publisher::VARCHAR)
  AND ($run_id::BIGINT IS NULL OR c.run_id = $run_id::BIGINT)
  AND ($kind::VARCHAR IS NULL OR c.kind = $kind::VARCHAR)
  AND ($field::VARCHAR IS NULL OR list_contains(c.changed_fields, $field::VARCHAR))
  AND ($flag::VARCHAR IS NULL OR list_contains(c.flags, $flag::VARCHAR))
  AND ($gtin::VARCHAR IS NULL OR c.product_key = $gtin::VARCHAR)
  AND ($conversion_id::BIGINT IS NULL OR c.conversion_id = $conversion_id::BIGINT)
  AND (CASE $findings::VARCHAR
         WHEN 'error' THEN coalesce(f.errors, 0) > 0
         WHEN 'warning' THEN coalesce(f.warnings, 0) > 0
         WHEN 'info' THEN coalesce(f.infos, 0) > 0
         WHEN 'none' THEN coalesce(f.errors, 0) + coalesce(f.warnings, 0) + coalesce(f.infos, 0) = 0
         ELSE true END)
ORDER BY c.conversion_id
LIMIT $limit
