-- One delivery of a product (a source record), with where the run keeps its XML.
-- params: source_id
SELECT s.source_id, s.run_id, s.position, s.product_key, s.record_reference, s.notification, s.line, s.merged,
       r.sources_path
FROM source_records AS s JOIN ingest_runs AS r USING (run_id)
WHERE s.source_id = $source_id
