-- One file of an export as flat rows (every column of core/exports/profiles.FLAT_COLUMNS), from the
-- versions pinned in the ledger; country sets are named through the few distinct sets they use (one
-- country_list per distinct set, not per product), and restricted to the partner's markets.
-- params: export_id, file_index, markets
CREATE OR REPLACE TEMP TABLE export_rows AS
WITH items AS (
    SELECT i.product_key, i.version, i.action, h.ccf,
           CASE WHEN $markets::BIT IS NULL THEN h.ccf.sales_rights.for_sale
                ELSE h.ccf.sales_rights.for_sale & $markets::BIT END AS for_sale_here
    FROM export_items AS i JOIN catalog_history AS h USING (product_key, version)
    WHERE i.export_id = $export_id AND i.file_index = $file_index
),
prices AS (SELECT product_key, unnest(ccf.prices) AS p FROM items),
sets AS (
    SELECT s, array_to_string(country_list(s), ' ') AS names FROM (
        SELECT DISTINCT p.countries AS s FROM prices
        UNION SELECT DISTINCT for_sale_here FROM items)
),
price_text AS (
    SELECT r.product_key,
           string_agg(r.p.price_type || ' ' || coalesce(r.p.currency, '') || ' ' || r.p.amount || ' [' || s.names || ']',
                      ' | ' ORDER BY r.p.currency, r.p.amount, s.names) AS prices,
           min(r.p.availability) AS availability
    FROM prices AS r JOIN sets AS s ON s.s = r.p.countries
    WHERE $markets::BIT IS NULL OR bit_count(r.p.countries & $markets::BIT) > 0
    GROUP BY r.product_key
)
SELECT i.action, i.product_key, i.version, i.ccf.record_reference, i.ccf.title, i.ccf.subtitle,
       array_to_string(list_transform(i.ccf.series, lambda x: x.name || coalesce(' ' || x.number, '')), '; ') AS series,
       array_to_string(list_transform(list_filter(i.ccf.contributors, lambda c: c.role = 'author'), lambda c: c.name), '; ')
           AS authors,
       array_to_string(list_transform(list_filter(i.ccf.contributors, lambda c: c.role = 'narrator'),
                                      lambda c: coalesce(c.name, 'synthetic voice')), '; ') AS narrators,
       i.ccf.publisher, i.ccf.imprint,
       (list_filter(i.ccf.languages, lambda l: l.role = 'audio')[1]).code AS language,
       i.ccf.product_form, i.ccf.content_type, i.ccf.edition, i.ccf.duration_seconds, i.ccf.publication_date,
       i.ccf.publishing_status,
       CASE WHEN i.action = 'remove' THEN 'not_available' ELSE coalesce(pt.availability, 'unknown') END
           AS availability,
       fs.names AS for_sale, pt.prices,
       array_to_string(list_transform(list_filter(i.ccf.subjects, lambda x: x.scheme = 'bisac'), lambda x: x.code), ' ') AS bisac,
       array_to_string(list_transform(list_filter(i.ccf.subjects, lambda x: x.scheme = 'thema'), lambda x: x.code), ' ') AS thema,
       i.ccf.audience.explicit AS explicit, i.ccf.cover.url AS cover_url, i.ccf.sample.url AS sample_url,
       i.ccf.description
FROM items AS i
LEFT JOIN price_text AS pt USING (product_key)
LEFT JOIN sets AS fs ON fs.s = i.for_sale_here
ORDER BY i.product_key
