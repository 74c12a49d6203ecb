-- The staged findings per rule.
-- params:
SELECT rule_id, count(*) AS findings FROM staged_findings GROUP BY rule_id
