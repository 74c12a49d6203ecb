-- A re-check runs a product rule over two parts of its subjects; a rule clause over the converter's notes
-- alone finds the same rows in both. Keep each staged finding once.
-- params:
CREATE OR REPLACE TEMP TABLE staged_findings AS SELECT DISTINCT * FROM staged_findings
