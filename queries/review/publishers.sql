-- The publishers the review queue names (a conversion's record, else its product's catalogue record),
-- alphabetically, for the queue's filter. status NULL: conversions of any status.
-- params: status
SELECT DISTINCT coalesce(c.ccf.publisher, k.ccf.publisher) AS publisher
FROM conversions AS c LEFT JOIN catalog AS k USING (product_key)
WHERE ($status::VARCHAR IS NULL OR c.status = $status::VARCHAR)
  AND coalesce(c.ccf.publisher, k.ccf.publisher) IS NOT NULL
ORDER BY publisher
