-- The first and last position of each slice of `size` products of a classified delivery, in order: the
-- commit copies the delivery's records from the spool a slice at a time.
-- params: size
SELECT min(position) AS low, max(position) AS high
FROM (SELECT position, (row_number() OVER (ORDER BY position) - 1) // $size AS slice FROM classified)
GROUP BY slice
ORDER BY low
