-- Products matching a text (GTIN, title, contributor, publisher or imprint): the approved catalogue, and
-- products that so far exist only as a pending new conversion. One row per product.
-- params: q, status, limit, offset
WITH products AS (
    SELECT product_key, ccf, 'approved' AS status, version FROM catalog
    UNION ALL
    SELECT c.product_key, c.ccf, 'pending' AS status, NULL AS version FROM conversions AS c
    WHERE c.status = 'pending' AND c.kind = 'new'
      AND NOT EXISTS (SELECT 1 FROM catalog AS k WHERE k.product_key = c.product_key)
),
matched AS (
    SELECT * FROM products
    WHERE ($status::VARCHAR IS NULL OR status = $status)
      AND ($q::VARCHAR IS NULL
        OR product_key LIKE '%' || regexp_replace($q, '[^0-9]', '', 'g') || '%' AND length(regexp_replace($q, '[^0-9]', '', 'g')) >= 4
        OR ccf.title ILIKE '%' || $q || '%'
        OR ccf.publisher ILIKE '%' || $q || '%'
        OR ccf.imprint ILIKE '%' || $q || '%'
        OR len(list_filter(ccf.contributors, lambda c: c.name ILIKE '%' || $q || '%')) > 0)
)
SELECT
    product_key, status, version, ccf.title AS title, ccf.subtitle AS subtitle,
    array_to_string(list_transform(list_filter(ccf.contributors, lambda c: c.role = 'author'), lambda c: c.name), ', ') AS authors,
    array_to_string(list_transform(list_filter(ccf.contributors, lambda c: c.role = 'narrator'), lambda c: coalesce(c.name, 'synthetic voice')), ', ') AS narrators,
    ccf.publisher AS publisher, ccf.imprint AS imprint, ccf.product_form AS product_form,
    ccf.duration_seconds AS duration_seconds, ccf.publication_date AS publication_date,
    array_to_string(list_transform(ccf.languages, lambda l: l.code), ' ') AS languages,
    count(*) OVER () AS total
FROM matched
ORDER BY title NULLS LAST, product_key
LIMIT $limit OFFSET $offset
