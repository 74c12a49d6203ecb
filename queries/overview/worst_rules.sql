-- The rules with the most open findings (waived ones apart), with their split by severity and the number
-- of products they touch; the `limit` worst.
-- params: limit
SELECT rule_id, count(*) AS open,
       count(*) FILTER (WHERE severity = 'error') AS errors,
       count(*) FILTER (WHERE severity = 'warning') AS warnings,
       count(*) FILTER (WHERE severity = 'info') AS infos,
       count(DISTINCT product_key) AS products
FROM current_findings
WHERE open AND NOT waived
GROUP BY rule_id
ORDER BY errors DESC, open DESC, rule_id
LIMIT $limit
