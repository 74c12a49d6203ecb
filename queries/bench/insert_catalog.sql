-- Benchmark data: the catalogue record (a ccf_v1 value) of every product of the plan, drawn with the
-- distributions of the sample feeds (core/samples: build.py, markets.py, durations.py, genres.py): 2-4
-- markets of the product's language with a price per currency, WORLD rights less 1-3 countries, 2-6
-- contributors, chapters on some, BISAC/Thema subjects, descriptions. A product with a defect carries the
-- edit that breaks its rule (as core/samples/defects.py does); the lookup lists come from tools/bench_catalog.py.
-- params: languages, first_names, surnames, corporate, genres, continental, fiction_titles, series_names, chapter_words, thema_places, blurbs, markets, publishers, world, nothing, exclusion_pool, za, sender, chapter_share, approved_at
INSERT INTO catalog (product_key, version, content_hash, ccf, sender_id, conversion_id, approved_at, approved_by)
WITH base AS (
    SELECT p.i, p.run_id, p.position, p.product_key, p.isbn, p.lang, p.defect, p.sent_at, p.sent_at::DATE AS sent,
           $languages[p.lang] AS language,
           $genres[CASE WHEN $languages[p.lang] = 'eng' THEN 1 + (hash(p.i, 'genre') % len($genres))::BIGINT
                        ELSE bench_pick($continental, p.i, 'genre') END] AS g,
           $publishers[CASE WHEN $languages[p.lang] = 'eng' AND p.i % 2 = 0 THEN 1 ELSE 2 END] AS pub,
           $first_names[p.lang] AS firsts,
           $surnames[p.lang] AS surnames,
           $markets[p.lang] AS options,
           bench_gtin('978' || (123456789 + p.i)::VARCHAR) AS print_gtin,
           bench_gtin('978' || (523456789 + p.i)::VARCHAR) AS ebook_gtin,
           bench_u(p.i, 'status') AS u_status,
           p.defect IS NULL AS plain
    FROM bench_plan AS p
),
people AS (
    SELECT *,
           g.fiction AND language IN ('eng', 'ger') AND plain AND bench_u(i, 'dramatised') < 0.06 AS dramatised,
           CASE WHEN plain AND bench_u(i, 'more authors') >= 0.8
                THEN bench_pick([2, 2, 3], i, 'authors') ELSE 1 END AS n_authors,
           NOT g.fiction AND plain AND bench_u(i, 'corporate') < 0.03 AS corporate,
           CASE WHEN u_status < 0.85 THEN 'active' WHEN u_status < 0.98 THEN 'forthcoming' ELSE 'out_of_print' END
               AS drawn_status
    FROM base
),
shaped AS (
    SELECT *,
           g.fiction AND NOT dramatised AND plain AND bench_u(i, 'translated') < 0.12 AS translated,
           CASE WHEN dramatised THEN 1 WHEN plain AND bench_u(i, 'narrators') >= 0.85 THEN 2 ELSE 1 END AS n_narrators,
           CASE WHEN dramatised THEN bench_pick([3, 4], i, 'cast') ELSE 0 END AS n_cast,
           dramatised OR bench_u(i, 'abridged') < 0.08 AS abridged,
           CASE WHEN dramatised THEN 1.0 + 3.0 * bench_u(i, 'hours')
                ELSE g.hours_lo + (g.hours_hi - g.hours_lo) * bench_u(i, 'hours') END AS drawn_hours,
           CASE defect WHEN 'Q32' THEN 'forthcoming' WHEN 'Q36' THEN 'out_of_print' ELSE drawn_status END AS status,
           CASE WHEN defect = 'Q32' THEN sent - 600
                WHEN drawn_status = 'active'
                    THEN sent - (7 + floor((sent - DATE '2012-01-01' - 7) * pow(bench_u(i, 'published'), 1.6)))::INTEGER
                WHEN drawn_status = 'forthcoming' THEN sent + (30 + floor(211 * bench_u(i, 'published')))::INTEGER
                ELSE DATE '2012-01-01' + floor(2556 * bench_u(i, 'published'))::INTEGER END AS published,
           len(options) AS n_options,
           floor(bench_u(i, 'first market') * len(options))::INTEGER AS first_market
    FROM people
),
timed AS (
    SELECT *,
           round(CASE WHEN abridged AND NOT dramatised THEN greatest(1.5, drawn_hours / 2) ELSE drawn_hours END * 3600)::BIGINT
               AS drawn_seconds,
           least(34.99, greatest(9.99, 9.99 + drawn_hours * 0.8)) AS base_price,
           least(2, n_options) + floor(bench_u(i, 'markets') * (least(4, n_options) - least(2, n_options) + 1))::INTEGER
               AS n_markets,
           (status = 'forthcoming' OR (status = 'active' AND sent - published < 365)) AND plain
               AND bench_u(i, 'embargo') < 0.25 AS embargoed,
           floor(6 * bench_u(i, 'embargo kind'))::INTEGER AS embargo_kind,
           CASE WHEN defect IN ('Q20', 'Q21') THEN false
                ELSE defect = 'Q22' OR (plain AND bench_u(i, 'chapters') < $chapter_share) END AS has_chapters,
           1 + floor(3 * bench_u(i, 'exclusions'))::INTEGER AS n_excluded,
           bench_u(i, 'agency') < 0.15 AS agency,
           bench_u(i, 'print edition') < 0.75 AS has_print
    FROM shaped
),
parts AS (
    SELECT *,
           greatest(6, least(60, floor(drawn_seconds / 3600 * (1.5 + 1.5 * bench_u(i, 'chapter count')))))::BIGINT
               AS n_chapters,
           CASE status WHEN 'active' THEN 'available' WHEN 'forthcoming' THEN 'not_yet_available' ELSE 'unavailable' END
               AS drawn_availability,
           bench_pick($exclusion_pool, i, 'excluded 1') AS e1,
           CASE WHEN n_excluded >= 2 THEN bench_pick($exclusion_pool, i, 'excluded 2')
                ELSE bench_pick($exclusion_pool, i, 'excluded 1') END AS e2,
           CASE WHEN n_excluded >= 3 THEN bench_pick($exclusion_pool, i, 'excluded 3')
                ELSE bench_pick($exclusion_pool, i, 'excluded 1') END AS e3,
           CASE WHEN language = 'eng' THEN 1 + floor(6 * bench_u(i, 'original'))::INTEGER ELSE 1 END AS original_offset,
           bench_pick($blurbs[lang], i, 'blurb') AS blurb,
           language = 'eng' AND (pub.key = 'harborlane' OR bench_u(i, 'bisac first') < 0.5) AS bisac_first
    FROM timed
),
records AS (
    SELECT i, run_id, position, product_key, defect, sent_at, pub, plain, status, published, n_chapters, drawn_seconds,
           n_markets, first_market, n_options, options, base_price, agency,
           -- identifiers: ISBN-13 always, GTIN-13 on 80%, a proprietary id on 25%
           list_concat(
               CASE WHEN defect = 'Q09' THEN [{'type': 'gtin13', 'value': print_gtin}]
                    WHEN bench_u(i, 'gtin') < 0.8 THEN [{'type': 'gtin13', 'value': product_key}] ELSE [] END,
               [{'type': 'isbn13', 'value': product_key}],
               CASE WHEN bench_u(i, 'proprietary') < 0.25
                    THEN [{'type': 'proprietary:' || pub.proprietary_name, 'value': pub.proprietary_prefix || right(isbn, 5)}]
                    ELSE [] END) AS identifiers,
           CASE WHEN defect = 'Q06' THEN 'unknown'
                WHEN status = 'forthcoming' THEN CASE WHEN published - sent > 180 THEN 'early' ELSE 'advance' END
                ELSE 'confirmed' END AS notification,
           CASE WHEN defect = 'Q11' THEN NULL WHEN defect = 'Q12' THEN 'AC'
                WHEN bench_u(i, 'form') < 0.7 THEN 'AJ' WHEN bench_u(i, 'streamed') < 0.85 THEN 'AN' ELSE 'AO' END
               AS form_code,
           CASE defect WHEN 'Q12' THEN ['A101'] WHEN 'Q13' THEN ['A410']
               ELSE list_concat(
                   [CASE WHEN bench_u(i, 'format') < 0.65 THEN 'A103' ELSE 'A107' END],
                   CASE WHEN bench_u(i, 'format 2') < 0.3 THEN [bench_pick(['A401', 'A402'], i, 'format 2 code')] ELSE [] END,
                   CASE WHEN bench_u(i, 'format 3') < 0.2 THEN [bench_pick(['A410', 'A420'], i, 'format 3 code')] ELSE [] END)
           END AS format_codes,
           CASE WHEN dramatised THEN 'performance' ELSE 'audiobook' END AS content_type,
           CASE WHEN g.fiction THEN bench_pick($fiction_titles[lang], i, 'title')
                ELSE bench_pick(g.titles, i, 'title') END
               || CASE WHEN defect = 'Q19' THEN ' (Unabridged Audiobook)' ELSE '' END AS title,
           CASE WHEN NOT g.fiction AND bench_u(i, 'subtitle') < 0.7 THEN bench_pick(g.subtitles, i, 'subtitle')
                WHEN language = 'eng' AND bench_u(i, 'subtitle') < 0.1 THEN 'A Novel' END AS subtitle,
           CASE WHEN g.fiction AND bench_u(i, 'series') < 0.45
                THEN [{'name': bench_pick($series_names[lang], i, 'series'),
                       'number': (1 + floor(8 * bench_u(i, 'series number')))::BIGINT::VARCHAR}]
                ELSE [] END AS series,
           -- contributors, numbered after: authors, a translator, the narrators (or the cast of a dramatisation)
           list_concat(
               CASE WHEN defect = 'Q14' THEN []
                    WHEN corporate THEN [{'role': 'author', 'onix_role': 'A01', 'name': bench_pick($corporate, i, 'corporate'),
                                          'sort_name': NULL::VARCHAR, 'synthetic_voice': false}]
                    ELSE list_transform(range(n_authors), lambda k: {
                        'role': 'author', 'onix_role': 'A01',
                        'name': bench_pick(firsts, i, 'author first ' || k) || ' ' || bench_pick(surnames, i, 'author surname ' || k),
                        'sort_name': bench_pick(surnames, i, 'author surname ' || k) || ', ' || bench_pick(firsts, i, 'author first ' || k),
                        'synthetic_voice': false}) END,
               CASE WHEN translated THEN [{'role': 'translator', 'onix_role': 'B06',
                        'name': bench_pick(firsts, i, 'translator first') || ' ' || bench_pick(surnames, i, 'translator surname'),
                        'sort_name': bench_pick(surnames, i, 'translator surname') || ', ' || bench_pick(firsts, i, 'translator first'),
                        'synthetic_voice': false}] ELSE [] END,
               CASE WHEN defect = 'Q15' THEN []
                    WHEN defect = 'Q17' THEN [{'role': 'narrator', 'onix_role': 'E07', 'name': 'Marta Lindqvist and Tobias Greer',
                        'sort_name': 'Lindqvist, Marta and Greer, Tobias', 'synthetic_voice': false}]
                    WHEN defect = 'Q18' THEN [{'role': 'narrator', 'onix_role': 'E07', 'name': NULL::VARCHAR,
                        'sort_name': NULL::VARCHAR, 'synthetic_voice': true}]
                    ELSE list_transform(range(n_narrators), lambda k: {
                        'role': 'narrator', 'onix_role': CASE WHEN dramatised THEN 'E03' ELSE 'E07' END,
                        'name': bench_pick(firsts, i, 'narrator first ' || k) || ' ' || bench_pick(surnames, i, 'narrator surname ' || k),
                        'sort_name': bench_pick(surnames, i, 'narrator surname ' || k) || ', ' || bench_pick(firsts, i, 'narrator first ' || k),
                        'synthetic_voice': false}) END,
               list_transform(range(n_cast), lambda k: {
                   'role': 'actor', 'onix_role': 'E01',
                   'name': bench_pick(firsts, i, 'actor first ' || k) || ' ' || bench_pick(surnames, i, 'actor surname ' || k),
                   'sort_name': bench_pick(surnames, i, 'actor surname ' || k) || ', ' || bench_pick(firsts, i, 'actor first ' || k),
                   'synthetic_voice': false}),
               CASE WHEN defect = 'Q16' THEN [{'role': 'narrator', 'onix_role': 'E03',
                        'name': bench_pick(firsts, i, 'second narrator first') || ' ' || bench_pick(surnames, i, 'second narrator surname'),
                        'sort_name': bench_pick(surnames, i, 'second narrator surname') || ', ' || bench_pick(firsts, i, 'second narrator first'),
                        'synthetic_voice': false}] ELSE [] END
           ) AS credits,
           CASE WHEN defect = 'Q23' THEN 'unknown' WHEN abridged THEN 'abridged' ELSE 'unabridged' END AS edition,
           list_concat(
               [{'role': 'audio', 'code': language}],
               CASE WHEN translated
                    THEN [{'role': 'original', 'code': $languages[1 + (lang - 1 + original_offset) % len($languages)]}]
                    ELSE [] END,
               [{'role': 'text', 'code': language}]) AS languages,
           CASE defect WHEN 'Q20' THEN NULL WHEN 'Q21' THEN 180
               WHEN 'Q22' THEN (round(drawn_seconds / 1.06 / 60) * 60)::BIGINT ELSE drawn_seconds END AS duration_seconds,
           has_chapters, $chapter_words[lang] AS chapter_word,
           drawn_seconds // n_chapters AS chapter_length,
           CASE WHEN defect = 'Q25'
                THEN [{'scheme': 'keywords', 'code': NULL::VARCHAR, 'heading': bench_pick(g.keyword_sets, i, 'keywords'), 'main': false}]
                ELSE list_concat(
                   CASE WHEN bisac_first OR bench_u(i, 'bisac') < CASE WHEN language = 'eng' THEN 0.5 ELSE 0.2 END
                        THEN list_concat(
                            [{'scheme': 'bisac', 'code': g.bisac, 'heading': g.bisac_heading, 'main': true}],
                            CASE WHEN len(g.bisac_extra) > 0 AND bench_u(i, 'bisac extra') < 0.4
                                 THEN [{'scheme': 'bisac', 'code': bench_pick(g.bisac_extra, i, 'bisac extra code').code,
                                        'heading': bench_pick(g.bisac_extra, i, 'bisac extra code').heading, 'main': false}]
                                 ELSE [] END)
                        ELSE [] END,
                   CASE WHEN NOT bisac_first OR bench_u(i, 'thema') < 0.6
                        THEN list_concat(
                            [{'scheme': 'thema', 'code': g.thema, 'heading': g.thema_heading, 'main': true}],
                            CASE WHEN len(g.thema_extra) > 0 AND bench_u(i, 'thema extra') < 0.4
                                 THEN [{'scheme': 'thema', 'code': bench_pick(g.thema_extra, i, 'thema extra code').code,
                                        'heading': bench_pick(g.thema_extra, i, 'thema extra code').heading, 'main': false}]
                                 ELSE [] END,
                            CASE WHEN g.fiction AND bench_u(i, 'thema place') < 0.3
                                 THEN [{'scheme': 'thema', 'code': $thema_places[lang].code,
                                        'heading': $thema_places[lang].heading, 'main': false}]
                                 ELSE [] END)
                        ELSE [] END,
                   CASE WHEN bench_u(i, 'keywords') < 0.5
                        THEN [{'scheme': 'keywords', 'code': NULL::VARCHAR, 'heading': bench_pick(g.keyword_sets, i, 'keywords'),
                               'main': false}]
                        ELSE [] END)
           END AS subjects,
           CASE WHEN defect = 'Q26' THEN 'A gripping new story from a much-loved author.' ELSE blurb.plain END AS description,
           CASE WHEN defect IS DISTINCT FROM 'Q26' AND bench_u(i, 'description format') < 0.33 THEN blurb.html END
               AS description_html,
           CASE WHEN defect IS DISTINCT FROM 'Q26' AND bench_u(i, 'short description') < 0.65 AND length(blurb.hook) <= 350
                THEN blurb.hook END AS short_description,
           CASE WHEN defect = 'Q28' THEN 1600 ELSE bench_pick([2400, 3000, 3000, 3200, 3600, 4000], i, 'cover size') END
               AS cover_px,
           CASE defect WHEN 'Q29' THEN 480 WHEN 'Q21' THEN 60 ELSE 60 * (2 + floor(4 * bench_u(i, 'sample'))) END::BIGINT
               AS sample_seconds,
           bench_pick(pub.imprints, i, 'imprint') AS imprint,
           {'sales': CASE WHEN embargoed AND embargo_kind IN (0, 3, 4) THEN published + 7 END,
            'preorder': NULL::DATE,
            'streaming': CASE WHEN embargoed AND embargo_kind IN (1, 3, 5)
                              THEN published + (60 + floor(61 * bench_u(i, 'streaming')))::INTEGER END,
            'subscription': CASE WHEN embargoed AND embargo_kind IN (2, 4, 5)
                                 THEN published + (150 + floor(91 * bench_u(i, 'subscription')))::INTEGER END} AS embargo,
           {'for_sale': set_bit(set_bit(set_bit($world::BIT, e1, 0), e2, 0), e3, 0),
            'not_for_sale': set_bit(set_bit(set_bit(set_bit($nothing::BIT, e1, 1), e2, 1), e3, 1), $za,
                                    CASE WHEN defect = 'Q34' THEN 1 ELSE 0 END),
            'exclusive': bench_u(i, 'exclusive') >= 0.1} AS sales_rights,
           CASE WHEN bench_u(i, 'restriction') < 0.04 THEN ['except_subscription'] ELSE [] END AS restrictions,
           CASE WHEN defect = 'Q36' THEN 'available' ELSE drawn_availability END AS availability,
           {'explicit': CASE WHEN defect = 'Q38' THEN NULL
                             ELSE len(g.advice) > 0 AND bench_u(i, 'advice') < 0.12 END,
            'age_min': NULL::BIGINT, 'age_max': NULL::BIGINT} AS audience,
           CASE WHEN defect = 'Q39' THEN []
                ELSE list_concat(
                    CASE WHEN has_print THEN [{'relation': 'alternative_format', 'gtin': print_gtin,
                                               'form': CASE WHEN bench_u(i, 'print form') < 0.3 THEN 'BB' ELSE 'BC' END}]
                         ELSE [] END,
                    CASE WHEN NOT has_print OR bench_u(i, 'e-book') < 0.5
                         THEN [{'relation': 'alternative_format', 'gtin': ebook_gtin, 'form': 'ED'}] ELSE [] END)
           END AS related
    FROM parts
),
priced AS (
    SELECT *,
           flatten(list_transform(range(n_markets), lambda m: list_transform(options[1 + (first_market + m) % n_options],
               lambda grp: {'amount': grp.amounts[floor(base_price)::INTEGER - 8], 'currency': grp.currency,
                            'price_type': CASE WHEN grp.excl_tax THEN 'rrp' WHEN agency THEN 'agency' ELSE 'rrp' END,
                            'tax_included': NOT grp.excl_tax, 'countries': grp.bits::BIT, 'availability': availability,
                            'valid_from': NULL::DATE, 'valid_until': NULL::DATE}))) AS drawn_prices
    FROM records
)
SELECT product_key, 1, sha256(product_key), {
    'ccf_version': '1.0',
    'product_key': product_key,
    'record_reference': pub.record_prefix || '.' || product_key,
    'identifiers': identifiers,
    'sender': $sender,
    'notification': notification,
    'product_form': CASE form_code WHEN 'AJ' THEN 'download' WHEN 'AN' THEN 'download_and_stream' WHEN 'AO' THEN 'stream'
                        WHEN 'AC' THEN 'physical_audio' ELSE 'unknown' END,
    'product_form_code': form_code,
    'format_codes': format_codes,
    'content_type': content_type,
    'title': title,
    'subtitle': subtitle,
    'series': series,
    'contributors': list_transform(credits, lambda c, n: {
        'sequence': n, 'role': c.role, 'onix_role': c.onix_role, 'name': c.name, 'sort_name': c.sort_name,
        'synthetic_voice': c.synthetic_voice}),
    'edition': edition,
    'languages': languages,
    'duration_seconds': duration_seconds,
    -- chapter lengths alternate a tenth above and below the mean and add up to the drawn duration exactly
    'chapters': CASE WHEN has_chapters THEN list_transform(range(n_chapters), lambda k: {
        'number': k + 1,
        'title': chapter_word || ' ' || (k + 1)::VARCHAR,
        'start_seconds': k * chapter_length + CASE WHEN k % 2 = 1 THEN chapter_length // 10 ELSE 0 END,
        'duration_seconds': CASE WHEN k = n_chapters - 1
                                 THEN drawn_seconds - k * chapter_length - CASE WHEN k % 2 = 1 THEN chapter_length // 10 ELSE 0 END
                                 WHEN k % 2 = 0 THEN chapter_length + chapter_length // 10
                                 ELSE chapter_length - chapter_length // 10 END})
        ELSE [] END,
    'subjects': subjects,
    'description': description,
    'description_html': description_html,
    'short_description': short_description,
    'cover': {'url': 'https://covers.example.com/' || pub.cover_slug || '/' || product_key || '.jpg',
              'width_px': cover_px, 'height_px': cover_px,
              'format': CASE WHEN bench_u(i, 'cover format') < 0.5 THEN 'jpeg' END},
    'sample': {'url': 'https://samples.example.com/' || pub.cover_slug || '/' || product_key || '-sample.mp3',
               'duration_seconds': sample_seconds},
    'publisher': CASE WHEN defect = 'Q30' THEN NULL ELSE pub.name END,
    'imprint': imprint,
    'publishing_status': status,
    'publication_date': CASE WHEN defect = 'Q31' THEN NULL ELSE published END,
    'publication_date_precision': CASE WHEN defect = 'Q31' THEN NULL ELSE 'day' END,
    'embargo': embargo,
    'sales_rights': sales_rights,
    'restrictions': restrictions,
    -- Q35: a second amount for the first price's type, currency and countries
    'prices': CASE WHEN defect = 'Q35'
                   THEN list_concat(drawn_prices, [{
                       'amount': (drawn_prices[1].amount::DECIMAL(18, 2) + 1)::VARCHAR, 'currency': drawn_prices[1].currency,
                       'price_type': drawn_prices[1].price_type, 'tax_included': drawn_prices[1].tax_included,
                       'countries': drawn_prices[1].countries, 'availability': drawn_prices[1].availability,
                       'valid_from': NULL::DATE, 'valid_until': NULL::DATE}])
                   ELSE drawn_prices END,
    'audience': audience,
    'related': related,
    'provenance': {'feed_id': run_id, 'source_format': 'onix', 'onix_release': '3.0', 'tag_style': 'reference',
                   'line': 16 + position * 250, 'sent_at': sent_at}
}::ccf_v1, 1, i + 1, $approved_at, 'bench'
FROM priced
