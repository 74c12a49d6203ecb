-- The converted products of one run, from its spool, as a temporary staging table.
-- params: path
CREATE TEMP TABLE staged_products AS SELECT * FROM read_parquet($path)
