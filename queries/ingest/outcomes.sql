-- How many staged products ended up new, changed, deleted, unchanged or skipped.
-- params:
SELECT outcome, count(*) AS n FROM classified GROUP BY outcome
