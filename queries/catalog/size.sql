-- How many products the catalogue holds (a commit against a large one needs more memory to diff).
-- params:
SELECT count(*) FROM catalog
