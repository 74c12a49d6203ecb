-- The rule benchmark's floor: one plain scan of the catalogue that reads its CCF struct the way rules do
-- (a string, two lists and a bitset: title, contributors, prices, for-sale countries); returns the number
-- of products and a checksum.
-- params:
SELECT count(*) AS products,
       sum(length(ccf.title)) + sum(len(ccf.contributors)) + sum(len(ccf.prices))
       + sum(bit_count(ccf.sales_rights.for_sale)) AS checksum
FROM catalog
