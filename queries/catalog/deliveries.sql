-- Every delivery of one product: which file, when, what it said, and what became of it.
-- params: gtin
SELECT s.source_id, s.run_id, f.original_name AS file, r.sender_name, r.sent_at, r.started_at, s.notification, s.line,
       c.conversion_id, c.kind, c.status
FROM source_records AS s
JOIN ingest_runs AS r USING (run_id)
JOIN feeds AS f ON f.feed_id = s.feed_id
LEFT JOIN conversions AS c ON c.run_id = s.run_id AND c.position = s.position
WHERE s.product_key = $gtin
ORDER BY s.source_id DESC
