-- What the queue shows and filters on, per new conversion of the delivery: the CCF fields it changes
-- (from diff_rows) and its risk flags: a title or contributor change on a product already on sale, a price
-- cut by more than 30 %, a market removed from the sales rights, a delete, another sender than the
-- catalogue's (Q10).
-- params: sender_id
CREATE OR REPLACE TEMP TABLE reviewed AS
WITH changes AS (
    SELECT id,
           list(DISTINCT split_part(field, '.', 1) ORDER BY split_part(field, '.', 1)) AS changed_fields,
           bool_or(field IN ('title', 'contributors')) AS identity_changed,
           bool_or(field = 'prices' AND change = 'changed'
                   AND TRY_CAST(json_extract_string(new_value, '$.amount') AS DECIMAL(18, 4))
                       < 0.7 * TRY_CAST(json_extract_string(old_value, '$.amount') AS DECIMAL(18, 4))) AS price_drop,
           bool_or((field = 'sales_rights.for_sale' AND change = 'removed')
                   OR (field = 'sales_rights.not_for_sale' AND change = 'added')) AS market_removed
    FROM diff_rows
    GROUP BY id
)
SELECT k.new_conversion_id AS id, k.position,
       coalesce(c.changed_fields, []::VARCHAR[]) AS changed_fields,
       list_filter([
           CASE WHEN c.identity_changed AND k.catalog_hash IS NOT NULL AND cat.ccf.publishing_status = 'active'
                     AND (cat.ccf.publication_date IS NULL OR cat.ccf.publication_date <= current_date)
                THEN 'on_sale_identity' END,
           CASE WHEN c.price_drop THEN 'price_drop' END,
           CASE WHEN c.market_removed THEN 'market_removed' END,
           CASE WHEN k.outcome = 'deleted' THEN 'delete' END,
           CASE WHEN cat.sender_id IS NOT NULL AND $sender_id::BIGINT IS NOT NULL AND cat.sender_id <> $sender_id::BIGINT
                THEN 'sender_change' END
       ], lambda f: f IS NOT NULL) AS flags
FROM classified AS k
LEFT JOIN changes AS c ON c.id = k.new_conversion_id
LEFT JOIN catalog AS cat USING (product_key)
WHERE k.new_conversion_id IS NOT NULL
