-- What a decision did to each conversion it named.
-- params:
SELECT conversion_id, product_key, kind, status, verdict, base_version, current_version, blocking FROM decision
ORDER BY conversion_id
