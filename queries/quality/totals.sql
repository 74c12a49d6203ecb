-- Current findings in totals: open ones by severity (waived apart), waived, resolved, and the products
-- with at least one open finding.
-- params:
SELECT count(*) FILTER (WHERE open AND NOT waived AND severity = 'error') AS error,
       count(*) FILTER (WHERE open AND NOT waived AND severity = 'warning') AS warning,
       count(*) FILTER (WHERE open AND NOT waived AND severity = 'info') AS info,
       count(*) FILTER (WHERE open AND waived) AS waived,
       count(*) FILTER (WHERE status = 'resolved') AS resolved,
       count(DISTINCT product_key) FILTER (WHERE open AND NOT waived) AS products
FROM current_findings
