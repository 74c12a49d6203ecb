-- Rule Q05: each product of the message whose RecordReference an earlier product already used (found at
-- each repeat, with the line of the first use). Read from the spool, so memory does not grow with the file.
-- params: path
SELECT line, product_key, record_reference, first_line
FROM (
    SELECT line, product_key, record_reference, min(line) OVER (PARTITION BY record_reference) AS first_line
    FROM read_parquet($path)
    WHERE record_reference IS NOT NULL AND record_reference <> ''
)
WHERE line > first_line
ORDER BY line
