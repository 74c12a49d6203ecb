-- The products this check judged, so each product's latest check (and thus its current findings) is known.
-- params: check_id
INSERT INTO checked_products (check_id, product_key, conversion_id, content_hash)
SELECT $check_id, product_key, conversion_id, content_hash FROM check_subjects
