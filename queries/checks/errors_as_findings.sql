-- Products a delivery could not convert for a reason a rule names (Q07 block update without a record,
-- Q08 no usable GTIN) become findings of the delivery's check.
-- params: files, check_id, run_id, created_at
INSERT INTO findings (run_id, product_key, scope, rule_id, rule_version, severity, field, observed, message,
                      suggested_fix, line, fingerprint, status, created_at, check_id, position)
SELECT $run_id, e.product_key, 'product', e.rule_id, 1, 'error', NULL, e.record_reference, e.message, NULL, e.line,
       sha256(e.rule_id || '|' || coalesce(e.product_key, e.record_reference, '') || '|' || e.message), 'new',
       $created_at, $check_id, e.position
FROM read_parquet($files) AS e
WHERE e.rule_id IS NOT NULL
