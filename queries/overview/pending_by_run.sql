-- Conversions pending review, counted per ingest run that created them (newest run first), by kind.
-- params:
SELECT c.run_id, f.original_name AS file, r.sender_name, r.started_at, count(*) AS pending,
       count(*) FILTER (WHERE c.kind = 'new') AS new,
       count(*) FILTER (WHERE c.kind = 'changed') AS changed,
       count(*) FILTER (WHERE c.kind = 'deleted') AS deleted
FROM conversions AS c
JOIN ingest_runs AS r USING (run_id)
JOIN feeds AS f ON f.feed_id = r.feed_id
WHERE c.status = 'pending'
GROUP BY ALL
ORDER BY c.run_id DESC
