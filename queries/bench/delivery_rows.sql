-- The benchmark delivery as a converter spools it (core/ingest/worker.py, SCHEMAS["products"]): position,
-- line, key, reference, notification, content hash and the CCF record with its country sets as BIT
-- literals (text), in delivery order.
-- params:
SELECT position, 16 + position * 250 AS line, product_key, ccf.record_reference, ccf.notification, content_hash,
       struct_update(ccf,
           sales_rights := struct_update(ccf.sales_rights, for_sale := CAST(ccf.sales_rights.for_sale AS VARCHAR),
                                         not_for_sale := CAST(ccf.sales_rights.not_for_sale AS VARCHAR)),
           prices := list_transform(ccf.prices, lambda p: struct_update(p, countries := CAST(p.countries AS VARCHAR)))
       ) AS ccf
FROM bench_delivery
ORDER BY position
