-- A finding about the file itself (scope file), e.g. a control character removed before parsing (Q01).
-- params: run_id, rule_id, rule_version, severity, field, observed, message, suggested_fix, line, fingerprint, created_at
INSERT INTO findings (run_id, scope, rule_id, rule_version, severity, field, observed, message, suggested_fix, line,
                      fingerprint, status, created_at)
VALUES ($run_id, 'file', $rule_id, $rule_version, $severity, $field, $observed, $message, $suggested_fix, $line,
        $fingerprint, 'new', $created_at)
