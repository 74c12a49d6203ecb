-- Open findings counted by rule, severity and publisher (waived ones apart), for the Quality screen.
-- params:
SELECT rule_id, severity, coalesce(publisher, '(file)') AS publisher,
       count(*) FILTER (WHERE NOT waived) AS open, count(*) FILTER (WHERE waived) AS waived,
       count(DISTINCT product_key) FILTER (WHERE NOT waived) AS products
FROM current_findings
WHERE open
GROUP BY ALL
ORDER BY rule_id, severity, publisher
