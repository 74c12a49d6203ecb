-- Catalogue coverage: the approved products matching the filters (a NULL filter matches every product;
-- filters combine with AND, the values of one filter with OR), counted along every dimension the
-- Coverage screen charts, as rows (dimension, key, detail, titles):
--   total (no key) | language (ISO 639-2/B of the audio, else of the text) | market (country available in:
--   for sale and not excluded) | genre (bisac:FIC, thema:F) | genre2 (bisac:FIC031, thema:FH) |
--   publisher | imprint (key: publisher, detail: imprint) | form | band (index of the duration band:
--   how many of band_hours the duration reaches) | hours (whole hours, capped at max_hours) | year.
-- Thema qualifiers (codes starting with a digit: places, times, ages) are not genres. A NULL key counts the
-- products with no value for the dimension.
-- params: languages, markets, genres, publishers, imprints, forms, bands, band_hours, max_hours, year_from, year_to
WITH products AS (
    SELECT
        k.product_key,
        list_sort(list_distinct(CASE
            WHEN len(list_filter(k.ccf.languages, lambda l: l.role = 'audio')) > 0
                THEN list_transform(list_filter(k.ccf.languages, lambda l: l.role = 'audio'), lambda l: l.code)
            ELSE list_transform(list_filter(k.ccf.languages, lambda l: l.role = 'text'), lambda l: l.code)
        END)) AS langs,
        k.ccf.sales_rights.for_sale & ~k.ccf.sales_rights.not_for_sale AS markets,
        list_distinct(list_transform(
            list_filter(k.ccf.subjects, lambda s: s.scheme IN ('bisac', 'thema') AND regexp_matches(coalesce(s.code, ''), '^[A-Za-z]')),
            lambda s: s.scheme || ':' || upper(left(s.code, CASE s.scheme WHEN 'bisac' THEN 3 ELSE 1 END))
        )) AS genres,
        list_distinct(list_transform(
            list_filter(k.ccf.subjects, lambda s: s.scheme IN ('bisac', 'thema') AND regexp_matches(coalesce(s.code, ''), '^[A-Za-z]')),
            lambda s: s.scheme || ':' || upper(left(s.code, CASE s.scheme WHEN 'bisac' THEN 6 ELSE 2 END))
        )) AS genres2,
        k.ccf.publisher AS publisher,
        k.ccf.imprint AS imprint,
        k.ccf.product_form AS form,
        k.ccf.duration_seconds AS seconds,
        year(k.ccf.publication_date) AS year
    FROM catalog AS k
),
banded AS (
    SELECT *,
           CASE WHEN seconds IS NOT NULL
                THEN len(list_filter($band_hours::DOUBLE[], lambda h: h * 3600 <= seconds)) END AS band
    FROM products
),
matched AS (
    SELECT * FROM banded
    WHERE ($languages::VARCHAR[] IS NULL OR list_has_any(langs, $languages::VARCHAR[]))
      AND ($markets::BIT IS NULL OR bit_count(markets & $markets::BIT) > 0)
      AND ($genres::VARCHAR[] IS NULL OR list_has_any(list_concat(genres, genres2), $genres::VARCHAR[]))
      AND ($publishers::VARCHAR[] IS NULL OR list_contains($publishers::VARCHAR[], publisher))
      AND ($imprints::VARCHAR[] IS NULL OR list_contains($imprints::VARCHAR[], imprint))
      AND ($forms::VARCHAR[] IS NULL OR list_contains($forms::VARCHAR[], form))
      AND ($bands::INTEGER[] IS NULL OR list_contains($bands::INTEGER[], band))
      AND ($year_from::INTEGER IS NULL OR year >= $year_from::INTEGER)
      AND ($year_to::INTEGER IS NULL OR year <= $year_to::INTEGER)
),
combos AS (
    -- Products that agree on every dimension are counted once: the branches below read these few rows
    -- (weighted by `n`) instead of scanning every product nine times.
    SELECT langs, markets, genres, genres2, publisher, imprint, form, band,
           CASE WHEN seconds IS NOT NULL THEN least(seconds // 3600, $max_hours::BIGINT) END AS hours, year,
           count(*) AS n
    FROM matched
    GROUP BY ALL
),
by_market AS (
    -- Most products share a handful of rights sets: count each distinct set once, then spread it over its
    -- countries (a few hundred sets x 249 bits instead of every product x 249 bits).
    SELECT markets, sum(n) AS titles FROM combos WHERE markets IS NOT NULL GROUP BY markets
)
SELECT 'total' AS dimension, NULL::VARCHAR AS key, NULL::VARCHAR AS detail, coalesce(sum(n), 0)::BIGINT AS titles
FROM combos
UNION ALL
SELECT 'language', lang, NULL, sum(n)::BIGINT
FROM (SELECT unnest(CASE WHEN len(langs) = 0 THEN [NULL::VARCHAR] ELSE langs END) AS lang, n FROM combos)
GROUP BY lang
UNION ALL
SELECT 'market', o.code, NULL, sum(m.titles)::BIGINT
FROM by_market AS m JOIN country_order AS o ON get_bit(m.markets, o.bit) = 1
GROUP BY o.code
UNION ALL
SELECT 'genre', genre, NULL, sum(n)::BIGINT
FROM (SELECT unnest(CASE WHEN len(genres) = 0 THEN [NULL::VARCHAR] ELSE genres END) AS genre, n FROM combos)
GROUP BY genre
UNION ALL
SELECT 'genre2', genre, NULL, sum(n)::BIGINT
FROM (SELECT unnest(genres2) AS genre, n FROM combos)
GROUP BY genre
UNION ALL
SELECT 'publisher', publisher, NULL, sum(n)::BIGINT FROM combos GROUP BY publisher
UNION ALL
SELECT 'imprint', publisher, imprint, sum(n)::BIGINT FROM combos GROUP BY publisher, imprint
UNION ALL
SELECT 'form', form, NULL, sum(n)::BIGINT FROM combos GROUP BY form
UNION ALL
SELECT 'band', CAST(band AS VARCHAR), NULL, sum(n)::BIGINT FROM combos GROUP BY band
UNION ALL
SELECT 'hours', CAST(hours AS VARCHAR), NULL, sum(n)::BIGINT FROM combos WHERE hours IS NOT NULL GROUP BY hours
UNION ALL
SELECT 'year', CAST(year AS VARCHAR), NULL, sum(n)::BIGINT FROM combos GROUP BY year
