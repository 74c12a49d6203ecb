-- How many findings a check has staged so far.
-- params:
SELECT count(*) FROM staged_findings
