-- Which of the given GTINs the console knows, in the approved catalogue or in any conversion (one row each).
-- params: gtins
SELECT DISTINCT product_key FROM (
    SELECT product_key FROM catalog WHERE list_contains($gtins, product_key)
    UNION ALL
    SELECT product_key FROM conversions WHERE list_contains($gtins, product_key)
)
ORDER BY product_key
