-- The plan's products in key order, split into files of at most per_file products (0: one file), each
-- file's key under the export's prefix.
-- params: per_file, key_prefix, suffix
CREATE OR REPLACE TEMP TABLE export_assigned AS
SELECT *, $key_prefix || lpad(CAST(file_index + 1 AS VARCHAR), 4, '0') || $suffix AS key
FROM (
    SELECT *,
           CASE WHEN $per_file > 0
                THEN CAST((row_number() OVER (ORDER BY product_key) - 1) // $per_file AS INTEGER)
                ELSE 0 END AS file_index
    FROM export_plan
)
