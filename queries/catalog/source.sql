-- The raw XML of one delivery of a product (a source record).
-- params: source_id
SELECT source_id, run_id, product_key, record_reference, line, raw_xml FROM source_records WHERE source_id = $source_id
