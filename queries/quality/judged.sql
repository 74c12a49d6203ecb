-- The CCF record a finding judged: the product's version with the finding's content hash, from a
-- conversion (newest first), else from an approved version in the catalogue history.
-- params: gtin, content_hash
SELECT ccf FROM (
    SELECT ccf, 0 AS preference, conversion_id AS recency FROM conversions
    WHERE product_key = $gtin AND content_hash = $content_hash AND ccf IS NOT NULL
    UNION ALL
    SELECT ccf, 1 AS preference, version AS recency FROM catalog_history
    WHERE product_key = $gtin AND content_hash = $content_hash AND ccf IS NOT NULL
)
ORDER BY preference, recency DESC
LIMIT 1
