-- Per rule: open findings (not waived), waived ones, and products affected, for the rule catalogue.
-- params:
SELECT rule_id, count(*) FILTER (WHERE NOT waived) AS open, count(*) FILTER (WHERE waived) AS waived,
       count(DISTINCT product_key) FILTER (WHERE NOT waived) AS products
FROM current_findings
WHERE open
GROUP BY rule_id
