-- For each product named, its last full source record (or merged block update): where its XML is, and
-- how it was written.
-- params: keys
SELECT s.product_key, s.source_id, s.position, s.merged, s.notification, r.onix_release, r.tag_style, r.sources_path
FROM source_records AS s
JOIN ingest_runs AS r USING (run_id)
WHERE s.product_key IN (SELECT unnest($keys::VARCHAR[]))
  AND (s.notification IN ('early', 'advance', 'confirmed') OR s.merged)
QUALIFY row_number() OVER (PARTITION BY s.product_key ORDER BY s.source_id DESC) = 1
