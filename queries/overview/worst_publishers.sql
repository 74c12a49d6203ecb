-- The publishers with the most open findings (waived ones apart; file findings outside any product have
-- no publisher), with their split by severity and the number of products; the `limit` worst.
-- params: limit
SELECT publisher, count(*) AS open,
       count(*) FILTER (WHERE severity = 'error') AS errors,
       count(*) FILTER (WHERE severity = 'warning') AS warnings,
       count(*) FILTER (WHERE severity = 'info') AS infos,
       count(DISTINCT product_key) AS products
FROM current_findings
WHERE open AND NOT waived AND publisher IS NOT NULL
GROUP BY publisher
ORDER BY errors DESC, open DESC, publisher
LIMIT $limit
