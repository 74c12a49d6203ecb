-- For each block update of the run, in file order: the last stored full record (or merged update) of its
-- product, where its XML is and how it was written (all NULL when none is stored). One query streamed
-- beside the updates, instead of one per chunk of updates (each a scan of source_records).
-- params: blocks
WITH updated AS (SELECT DISTINCT product_key FROM read_parquet($blocks)),
stored AS (
    SELECT s.product_key, s.position, s.merged, r.onix_release, r.tag_style, r.sources_path
    FROM source_records AS s
    JOIN ingest_runs AS r USING (run_id)
    WHERE s.product_key IN (SELECT product_key FROM updated)
      AND (s.notification IN ('early', 'advance', 'confirmed') OR s.merged)
    QUALIFY row_number() OVER (PARTITION BY s.product_key ORDER BY s.source_id DESC) = 1
)
SELECT b.position AS update_position, s.position, s.merged, s.onix_release, s.tag_style, s.sources_path
FROM read_parquet($blocks) AS b
LEFT JOIN stored AS s USING (product_key)
ORDER BY b.position
