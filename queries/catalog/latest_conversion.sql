-- The newest conversion of one product, whatever its status.
-- params: gtin
SELECT conversion_id, run_id, kind, status, base_version, content_hash, ccf, created_at, decided_at, decided_by,
       status_reason
FROM conversions WHERE product_key = $gtin ORDER BY conversion_id DESC LIMIT 1
