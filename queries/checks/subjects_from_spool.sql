-- The products a delivery's check judges: the run's last occurrence of each product (deletes aside),
-- read from the spool, with the conversion it creates (if any). Set the variables check_products,
-- check_run_id and check_sender_id first. A table, not a view: some forty rules read it, and a view would
-- decode the spool's Parquet and join it for each of them (a delivery's products are bounded by the
-- commit's memory limit, beyond which DuckDB spills).
-- params:
CREATE OR REPLACE TEMP TABLE check_subjects AS
SELECT k.product_key, k.new_conversion_id AS conversion_id, k.content_hash, k.position,
       CAST(getvariable('check_run_id') AS BIGINT) AS run_id,
       CAST(getvariable('check_sender_id') AS BIGINT) AS sender_id,
       CAST(p.ccf AS ccf_v1) AS ccf
FROM classified AS k
JOIN read_parquet(getvariable('check_products')) AS p ON p.position = k.position
WHERE k.notification <> 'delete'
