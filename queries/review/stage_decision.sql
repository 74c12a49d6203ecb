-- The conversions a decision is about, with what the optimistic check needs: their status, the
-- catalogue version they were diffed against, the catalogue's version now, and the rules whose open,
-- unwaived error findings block the product's approval.
-- params: ids
CREATE TEMP TABLE decision AS
SELECT
    c.conversion_id, c.product_key, c.kind, c.status, c.base_version, c.content_hash, c.ccf,
    r.sender_id,
    k.version AS current_version,
    coalesce(k.version, h.last_version, 0) + 1 AS next_version,
    b.blocking,
    CASE
        WHEN c.status <> 'pending' THEN 'not_pending'
        WHEN c.base_version IS DISTINCT FROM k.version THEN 'stale'
        WHEN c.kind <> 'deleted' AND b.blocking IS NOT NULL THEN 'blocked'
        ELSE 'ok'
    END AS verdict
FROM conversions AS c
LEFT JOIN ingest_runs AS r USING (run_id)
LEFT JOIN catalog AS k USING (product_key)
LEFT JOIN (SELECT product_key, max(version) AS last_version FROM catalog_history GROUP BY product_key) AS h
    USING (product_key)
LEFT JOIN (
    SELECT product_key, list(DISTINCT rule_id ORDER BY rule_id) AS blocking FROM current_findings
    WHERE severity = 'error' AND open AND NOT waived
    GROUP BY product_key
) AS b USING (product_key)
WHERE c.conversion_id IN (SELECT unnest($ids::BIGINT[]))
