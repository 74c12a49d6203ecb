-- Benchmark data: a re-delivery (table bench_delivery) of $products products of the catalogue, in a drawn
-- order, as its converter makes it (the new run's provenance): $changed products changed, each with one
-- kind of change (`change` 0..$kinds - 1, in the order of tools/bench_review.py CHANGES: every kind of CCF
-- field, scalars, list items added, removed or changed, country sets), $rewrapped re-sent with only their
-- description re-wrapped (line breaks and indentation inside the text: another content hash, no field-level
-- change; change -1), the rest identical (change NULL). A changed record's content hash is another than the
-- catalogue's.
-- params: products, changed, rewrapped, kinds, run_id, sent_at, us, ca
CREATE OR REPLACE TABLE bench_delivery AS
WITH picked AS (
    SELECT product_key FROM catalog ORDER BY hash(product_key, 'delivered') LIMIT $products
),
drawn AS (
    SELECT product_key, row_number() OVER (ORDER BY hash(product_key, 'position')) - 1 AS position,
           row_number() OVER (ORDER BY hash(product_key, 'change')) - 1 AS n
    FROM picked
),
kinds AS (
    SELECT d.product_key, c.content_hash, c.ccf, d.position,
           CASE WHEN d.n < $changed THEN d.n % $kinds WHEN d.n < $changed + $rewrapped THEN -1 END AS change
    FROM drawn AS d JOIN catalog AS c USING (product_key)
)
SELECT position, product_key, change,
       CASE WHEN change IS NULL THEN content_hash ELSE sha256(product_key || ' re-delivered ' || change) END
           AS content_hash,
       struct_update(ccf,
           title := CASE WHEN change = 0 THEN ccf.title || ' (Unabridged)' ELSE ccf.title END,
           subtitle := CASE WHEN change = 1 THEN coalesce(ccf.subtitle || ': ', '') || 'A New Edition'
                            ELSE ccf.subtitle END,
           contributors := CASE
               WHEN change = 2 THEN list_append(ccf.contributors, {
                   'sequence': len(ccf.contributors) + 1, 'role': 'narrator', 'onix_role': 'E07',
                   'name': 'Nell Avery', 'sort_name': 'Avery, Nell', 'synthetic_voice': false})
               WHEN change = 3 THEN ccf.contributors[1:len(ccf.contributors) - 1]
               -- the billing order: the first two swap their sequence numbers
               WHEN change = 4 THEN list_transform(ccf.contributors, lambda c: struct_update(c,
                   sequence := CASE WHEN len(ccf.contributors) = 1 THEN 2 WHEN c.sequence = 1 THEN 2
                                    WHEN c.sequence = 2 THEN 1 ELSE c.sequence END))
               ELSE ccf.contributors END,
           prices := CASE
               WHEN change = 5 AND len(ccf.prices) > 0 THEN list_transform(ccf.prices, lambda p, k: struct_update(p,
                   amount := CASE WHEN k = 1 THEN coalesce((TRY_CAST(p.amount AS DECIMAL(18, 2)) + 1)::VARCHAR, '1.00')
                                  ELSE p.amount END))
               -- a cut of a half: the review queue flags it (price_drop)
               WHEN change = 6 AND len(ccf.prices) > 0 THEN list_transform(ccf.prices, lambda p, k: struct_update(p,
                   amount := CASE WHEN k = 1 THEN coalesce((TRY_CAST(p.amount AS DECIMAL(18, 2)) / 2)::DECIMAL(18, 2)::VARCHAR,
                                                           '0.50')
                                  ELSE p.amount END))
               WHEN change = 7 OR (change IN (5, 6) AND len(ccf.prices) = 0) THEN list_append(ccf.prices, {
                   'amount': '9.99', 'currency': 'CAD', 'price_type': 'rrp', 'tax_included': false,
                   'countries': $ca::BIT, 'availability': 'available',
                   'valid_from': NULL::DATE, 'valid_until': NULL::DATE})
               ELSE ccf.prices END,
           -- a market removed: the US leaves the for-sale set and joins the not-for-sale one
           sales_rights := CASE WHEN change = 8 THEN struct_update(ccf.sales_rights,
                   for_sale := set_bit(ccf.sales_rights.for_sale, $us, 0),
                   not_for_sale := set_bit(ccf.sales_rights.not_for_sale, $us, 1))
               ELSE ccf.sales_rights END,
           subjects := CASE
               WHEN change = 9 THEN list_append(ccf.subjects, {
                   'scheme': 'thema', 'code': 'FBA', 'heading': 'Modern & contemporary fiction', 'main': false})
               WHEN change = 10 THEN ccf.subjects[1:len(ccf.subjects) - 1]
               ELSE ccf.subjects END,
           chapters := CASE
               WHEN change = 11 AND len(ccf.chapters) > 0 THEN list_transform(ccf.chapters, lambda ch: struct_update(ch,
                   title := CASE WHEN ch.number = 1 THEN 'Opening Credits' ELSE ch.title END))
               WHEN change = 11 THEN [{'number': 1, 'title': 'Opening Credits', 'start_seconds': 0,
                                       'duration_seconds': ccf.duration_seconds}]
               ELSE ccf.chapters END,
           description := CASE
               WHEN change = 12 THEN coalesce(ccf.description || ' ', '') || 'Winner of the Audie Award.'
               WHEN change = -1 THEN replace(ccf.description, '. ', E'.\n    ')
               ELSE ccf.description END,
           description_html := CASE WHEN change = 12 THEN ccf.description_html || '<p>Winner of the Audie Award.</p>'
                                    ELSE ccf.description_html END,
           short_description := CASE WHEN change = 13 THEN 'Now with a new introduction. ' || coalesce(ccf.short_description, '')
                                     ELSE ccf.short_description END,
           duration_seconds := CASE WHEN change = 14 THEN coalesce(ccf.duration_seconds + 60, 3600) ELSE ccf.duration_seconds END,
           publication_date := CASE WHEN change = 15 THEN coalesce(ccf.publication_date + 7, DATE '2026-03-01')
                                    ELSE ccf.publication_date END,
           publishing_status := CASE WHEN change = 16 AND ccf.publishing_status = 'active' THEN 'out_of_print'
                                     WHEN change = 16 THEN 'active' ELSE ccf.publishing_status END,
           cover := CASE WHEN change = 17 THEN struct_update(ccf.cover, url := ccf.cover.url || '?v=2', width_px := 3000,
                                                             height_px := 3000)
                         ELSE ccf.cover END,
           series := CASE WHEN change = 18 THEN list_append(ccf.series, {'name': 'Collector''s Editions', 'number': '1'})
                          ELSE ccf.series END,
           languages := CASE WHEN change = 19 THEN list_append(ccf.languages, {'role': 'original', 'code': 'fre'})
                             ELSE ccf.languages END,
           audience := CASE WHEN change = 20 THEN struct_update(ccf.audience, explicit := NOT coalesce(ccf.audience.explicit, false))
                            ELSE ccf.audience END,
           related := CASE WHEN change = 21 AND len(ccf.related) > 0 THEN ccf.related[2:]
                           WHEN change = 21 THEN [{'relation': 'alternative_format', 'gtin': '9780000000002', 'form': 'ED'}]
                           ELSE ccf.related END,
           restrictions := CASE WHEN change = 22 AND list_contains(ccf.restrictions, 'except_subscription') THEN []
                                WHEN change = 22 THEN ['except_subscription'] ELSE ccf.restrictions END,
           embargo := CASE WHEN change = 23 THEN struct_update(ccf.embargo,
                               streaming := coalesce(ccf.embargo.streaming + 30, DATE '2026-06-01'))
                           ELSE ccf.embargo END,
           imprint := CASE WHEN change = 24 THEN coalesce(ccf.imprint || ' Audio', 'Bench Audio') ELSE ccf.imprint END,
           identifiers := CASE WHEN change = 25 THEN list_append(ccf.identifiers, {'type': 'proprietary:bench',
                                                                                   'value': 'B-' || product_key})
                               ELSE ccf.identifiers END,
           provenance := struct_update(ccf.provenance, feed_id := $run_id, line := 16 + position * 250,
                                       sent_at := $sent_at::TIMESTAMPTZ)
       )::ccf_v1 AS ccf
FROM kinds
