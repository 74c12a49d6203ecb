-- One finding by id (current or from an earlier check), whether it is current, the waiver in force that
-- silences it, and its product's title (latest conversion, else catalogue record).
-- params: finding_id
SELECT f.finding_id, f.run_id, f.conversion_id, f.product_key, f.scope, f.rule_id, f.rule_version, f.severity,
       f.field, f.observed, f.message, f.suggested_fix, f.line, f.status, f.created_at, f.check_id,
       f.content_hash, f.publisher, f.position,
       c.finding_id IS NOT NULL AS current, coalesce(c.open, false) AS open, coalesce(c.waived, false) AS waived,
       c.waiver_id,
       coalesce(
           (SELECT v.ccf.title FROM conversions AS v WHERE v.product_key = f.product_key
            ORDER BY v.conversion_id DESC LIMIT 1),
           (SELECT k.ccf.title FROM catalog AS k WHERE k.product_key = f.product_key)
       ) AS title
FROM findings AS f LEFT JOIN current_findings AS c USING (finding_id)
WHERE f.finding_id = $finding_id
