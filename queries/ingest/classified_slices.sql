-- The first and last position of each slice of `size` products of a classified delivery, in order, and how
-- many products it holds: the commit copies the delivery's records from the spool a slice at a time, and
-- diffs its changed products (outcome 'changed'; NULL: every product) a slice at a time.
-- params: size, outcome
SELECT min(position) AS low, max(position) AS high, count(*) AS products
FROM (
    SELECT position, (row_number() OVER (ORDER BY position) - 1) // $size AS slice
    FROM classified
    WHERE $outcome::VARCHAR IS NULL OR outcome = $outcome::VARCHAR
)
GROUP BY slice
ORDER BY low
