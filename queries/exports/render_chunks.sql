-- The key ranges one file of an export is rendered in, in key order: chunks of $size products, so that each
-- chunk's records are joined and sorted on their own (sorting a million whole records at once would hold
-- them all in memory).
-- params: export_id, file_index, size
SELECT min(product_key) AS first_key, max(product_key) AS last_key
FROM (
    SELECT product_key, (row_number() OVER (ORDER BY product_key) - 1) // $size AS chunk
    FROM export_items
    WHERE export_id = $export_id AND file_index = $file_index
)
GROUP BY chunk
ORDER BY chunk
