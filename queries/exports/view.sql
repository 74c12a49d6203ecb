-- A partner's view of the catalogue at a snapshot instant: each product's latest approved version then
-- (catalog_history), whether the profile selects it (markets, forms, content types), the channel rule
-- (Q37: restrictions and streaming/subscription embargoes at that date), and the rules whose open findings
-- block it for this partner (severities and per-rule overrides; waivers in force at that instant count).
-- params: snapshot_at, markets, forms, content_types, channel, severities, block_rules, allow_rules
CREATE OR REPLACE TEMP TABLE export_view AS
WITH live AS (
    SELECT product_key, version, deleted, ccf, content_hash FROM catalog_history
    WHERE approved_at <= $snapshot_at
    QUALIFY row_number() OVER (PARTITION BY product_key ORDER BY version DESC) = 1
),
judged AS (
    SELECT c.product_key, max(c.check_id) AS check_id
    FROM checked_products AS c
    JOIN live AS l ON l.product_key = c.product_key AND l.content_hash = c.content_hash
    JOIN check_runs AS r ON r.check_id = c.check_id
    WHERE r.started_at <= $snapshot_at
    GROUP BY c.product_key
),
waived_then AS (
    SELECT rule_id, product_key, publisher FROM waivers
    WHERE created_at <= $snapshot_at AND (expires_at IS NULL OR expires_at > $snapshot_at)
      AND (revoked_at IS NULL OR revoked_at > $snapshot_at)
),
blocking AS (
    SELECT f.product_key, list(DISTINCT f.rule_id ORDER BY f.rule_id) AS rules
    FROM findings AS f JOIN judged AS j ON f.product_key = j.product_key AND f.check_id = j.check_id
    WHERE f.status IN ('new', 'recurring')
      AND ((list_contains($severities::VARCHAR[], f.severity) AND NOT list_contains($allow_rules::VARCHAR[], f.rule_id))
           OR list_contains($block_rules::VARCHAR[], f.rule_id))
      AND NOT EXISTS (
          SELECT 1 FROM waived_then AS w
          WHERE w.rule_id = f.rule_id AND (w.product_key = f.product_key OR w.publisher = f.publisher))
    GROUP BY f.product_key
)
SELECT l.product_key, l.version, l.deleted,
       NOT l.deleted
       AND ($markets::BIT IS NULL OR bit_count(l.ccf.sales_rights.for_sale & $markets::BIT) > 0)
       AND (len($forms::VARCHAR[]) = 0 OR list_contains($forms::VARCHAR[], l.ccf.product_form))
       AND (len($content_types::VARCHAR[]) = 0 OR list_contains($content_types::VARCHAR[], l.ccf.content_type))
           AS selected,
       CASE
           WHEN l.deleted THEN NULL
           WHEN list_contains(l.ccf.restrictions, 'internal_only') THEN 'internal use only (sales restriction)'
           WHEN $channel = 'subscription' AND list_contains(l.ccf.restrictions, 'except_subscription')
               THEN 'not for subscription services (sales restriction)'
           WHEN $channel = 'retail' AND list_contains(l.ccf.restrictions, 'subscription_only')
               THEN 'subscription services only (sales restriction)'
           WHEN $channel = 'subscription' AND l.ccf.embargo.subscription > CAST($snapshot_at AS DATE)
               THEN 'subscription embargo until ' || l.ccf.embargo.subscription
           WHEN $channel = 'streaming' AND l.ccf.embargo.streaming > CAST($snapshot_at AS DATE)
               THEN 'streaming embargo until ' || l.ccf.embargo.streaming
       END AS channel_block,
       b.rules AS blocked_by
FROM live AS l LEFT JOIN blocking AS b USING (product_key)
