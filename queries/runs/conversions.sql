-- The conversions a run created, with the product's title.
-- params: run_id
SELECT conversion_id, product_key, kind, status, ccf.title AS title, status_reason
FROM conversions WHERE run_id = $run_id ORDER BY conversion_id
