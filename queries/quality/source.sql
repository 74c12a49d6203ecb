-- The delivery a finding came from: the source record of its run and position (a file finding inside a
-- product has no position: the product's delivery in that run), else (a re-check's finding) the product's
-- latest delivery. `exact` says which.
-- params: gtin, run_id, position
SELECT source_id, run_id, line,
       coalesce(run_id = $run_id::BIGINT AND ($position::BIGINT IS NULL OR position = $position::BIGINT), false)
           AS exact
FROM source_records
WHERE product_key = $gtin::VARCHAR OR (run_id = $run_id::BIGINT AND position = $position::BIGINT)
ORDER BY exact DESC, source_id DESC
LIMIT 1
