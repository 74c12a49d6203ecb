-- A finding about the file itself (scope file), e.g. a control character removed before parsing (Q01);
-- attributed to the product it lies in when it lies in one, and recurring when that product had it before.
-- params: run_id, rule_id, rule_version, severity, field, observed, message, suggested_fix, line, fingerprint, created_at, check_id, product_key
INSERT INTO findings (run_id, product_key, scope, rule_id, rule_version, severity, field, observed, message,
                      suggested_fix, line, fingerprint, status, created_at, check_id)
SELECT $run_id, $product_key, 'file', $rule_id, $rule_version, $severity, $field, $observed, $message,
       $suggested_fix, $line, $fingerprint,
       CASE WHEN $product_key::VARCHAR IS NOT NULL AND EXISTS (
                SELECT 1 FROM findings WHERE fingerprint = $fingerprint AND product_key = $product_key::VARCHAR)
            THEN 'recurring' ELSE 'new' END,
       $created_at, $check_id
