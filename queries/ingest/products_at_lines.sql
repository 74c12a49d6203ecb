-- The product each line lies in: the last product of the spool that starts on or before it. A line before
-- the first product (the header's) finds none.
-- params: path, lines
SELECT l.line, p.product_key
FROM (SELECT unnest($lines::BIGINT[]) AS line) AS l
ASOF JOIN (SELECT line AS start, product_key FROM read_parquet($path)) AS p ON l.line >= p.start
