-- A few product keys of a generated catalogue, spread over it, to read back and validate.
-- params: every
SELECT product_key FROM catalog WHERE conversion_id % $every = 1 ORDER BY conversion_id
