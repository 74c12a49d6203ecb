-- Findings about the file of a run itself (encoding, control characters, namespace, refusal).
-- params: run_id
SELECT rule_id, severity, field, observed, message, line FROM findings
WHERE run_id = $run_id AND scope = 'file' ORDER BY line NULLS FIRST, finding_id
