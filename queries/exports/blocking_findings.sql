-- The open, unwaived current findings of some products, to show the findings behind a blocked product.
-- params: product_keys
SELECT product_key, finding_id, rule_id, severity, field, message
FROM current_findings
WHERE list_contains($product_keys::VARCHAR[], product_key) AND open AND NOT waived
ORDER BY product_key, rule_id, finding_id
