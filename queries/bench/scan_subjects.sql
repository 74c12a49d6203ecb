-- The rule benchmark's second floor: the same scan as bench/scan_catalog over the view the rules read
-- (check_subjects: each product's latest version, with its run); returns the products and a checksum.
-- params:
SELECT count(*) AS products,
       sum(length(ccf.title)) + sum(len(ccf.contributors)) + sum(len(ccf.prices))
       + sum(bit_count(ccf.sales_rights.for_sale)) AS checksum
FROM check_subjects
