-- Drop a check's staged findings.
-- params:
DROP TABLE IF EXISTS staged_findings
