-- The raw XML (and merged XML) of products of one run, by position, from the run's source files.
-- params: files, positions
SELECT position, raw_xml, effective_xml FROM read_parquet($files, union_by_name = true)
WHERE position IN (SELECT unnest($positions::BIGINT[]))
