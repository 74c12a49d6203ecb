-- How many partner profile versions exist.
-- params:
SELECT count(*) FROM partners
