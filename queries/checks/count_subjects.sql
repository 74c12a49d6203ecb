-- How many products a check judges.
-- params:
SELECT count(*) FROM check_subjects
