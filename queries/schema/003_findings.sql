-- Migration 003: which products each check judged, the current findings, waivers in force.

-- Every product a check judged (also those it found nothing on), so a product's latest check is known:
-- its findings are the current ones, and an earlier finding it no longer shows is history.
CREATE TABLE checked_products (
    check_id BIGINT NOT NULL,
    product_key VARCHAR NOT NULL,
    conversion_id BIGINT,
    content_hash VARCHAR
);

-- Waivers not revoked and not expired, as of the transaction's start.
CREATE VIEW active_waivers AS
SELECT * FROM waivers WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now());

-- The findings of each product's latest check (and file findings outside any product), with the waiver
-- that silences each, if one is in force. A file finding inside a product (a control character in its
-- description) stays current until the product's next delivery: a re-check does not re-read files.
-- Open findings are those with status new or recurring.
CREATE VIEW current_findings AS
WITH judged AS (
    SELECT product_key, check_id FROM checked_products
    UNION ALL
    SELECT product_key, check_id FROM findings WHERE product_key IS NOT NULL AND check_id IS NOT NULL
),
latest AS (
    SELECT j.product_key, max(j.check_id) AS latest_check,
           max(j.check_id) FILTER (WHERE r.kind = 'ingest') AS latest_delivery
    FROM judged AS j LEFT JOIN check_runs AS r USING (check_id)
    GROUP BY j.product_key
),
current AS (
    SELECT f.* FROM findings AS f LEFT JOIN latest AS l USING (product_key)
    WHERE f.product_key IS NULL OR f.check_id IS NULL
       OR (f.scope = 'file' AND f.check_id = l.latest_delivery)
       OR (f.scope <> 'file' AND f.check_id = l.latest_check)
),
waived AS (
    SELECT c.finding_id, min(w.waiver_id) AS waiver_id
    FROM current AS c JOIN active_waivers AS w
        ON w.rule_id = c.rule_id AND (w.product_key = c.product_key OR w.publisher = c.publisher)
    GROUP BY c.finding_id
)
SELECT c.*, w.waiver_id, w.waiver_id IS NOT NULL AS waived, c.status IN ('new', 'recurring') AS open
FROM current AS c LEFT JOIN waived AS w USING (finding_id);
