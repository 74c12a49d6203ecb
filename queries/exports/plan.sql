-- What an export sends: the products the partner's view makes eligible (selected, not held by the
-- channel rule, not blocked by findings) against what the ledger says the partner last received. full:
-- every eligible product; delta: the eligible ones that are new to the partner or have a new version. Both:
-- a product the partner had that is no longer eligible, as a removal (of the version it had).
-- params: partner, mode
CREATE OR REPLACE TEMP TABLE export_plan AS
WITH last AS (
    SELECT i.product_key, arg_max(i.version, i.export_id) AS version, arg_max(i.action, i.export_id) AS action
    FROM export_items AS i JOIN exports AS e USING (export_id)
    WHERE e.partner = $partner AND e.status = 'delivered'
    GROUP BY i.product_key
),
joined AS (
    SELECT coalesce(v.product_key, t.product_key) AS product_key, v.version AS view_version,
           coalesce(v.selected AND v.channel_block IS NULL AND v.blocked_by IS NULL, false) AS eligible,
           t.version AS last_version, t.action AS last_action
    FROM export_view AS v FULL OUTER JOIN last AS t USING (product_key)
)
SELECT product_key,
       CASE WHEN eligible THEN view_version ELSE last_version END AS version,
       CASE WHEN eligible THEN 'send' ELSE 'remove' END AS action,
       CASE WHEN NOT eligible THEN 'removed'
            WHEN last_action IS NULL OR last_action = 'remove' THEN 'added'
            WHEN last_version <> view_version THEN 'changed'
            ELSE 'unchanged' END AS change
FROM joined
WHERE (eligible AND ($mode = 'full' OR last_action IS NULL OR last_action = 'remove' OR last_version <> view_version))
   OR (NOT eligible AND last_action = 'send')
