-- One slice of a delivery's check subjects (checks/create_subjects), positions low..high, read from the
-- spool. Set the variables check_products, check_run_id and check_sender_id first. Both sides are cut to
-- the slice, so the join's hash table grows with the slice, not with the delivery.
-- params: low, high
INSERT INTO check_subjects
SELECT k.product_key, k.new_conversion_id AS conversion_id, k.content_hash, k.position,
       CAST(getvariable('check_run_id') AS BIGINT) AS run_id,
       CAST(getvariable('check_sender_id') AS BIGINT) AS sender_id,
       CAST(p.ccf AS ccf_v1) AS ccf
FROM (SELECT * FROM classified WHERE position BETWEEN $low AND $high AND notification <> 'delete') AS k
JOIN (SELECT position, ccf FROM read_parquet(getvariable('check_products')) WHERE position BETWEEN $low AND $high) AS p
    ON p.position = k.position
