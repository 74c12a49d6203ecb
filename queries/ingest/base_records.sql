-- For each product named, its last full source record (or merged block update), with how it was written.
-- params: keys
SELECT s.product_key, s.source_id, s.raw_xml, s.effective_xml, s.notification, r.onix_release, r.tag_style
FROM source_records AS s
JOIN ingest_runs AS r USING (run_id)
WHERE s.product_key IN (SELECT unnest($keys::VARCHAR[]))
  AND (s.notification IN ('early', 'advance', 'confirmed') OR s.effective_xml IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY s.product_key ORDER BY s.source_id DESC) = 1
