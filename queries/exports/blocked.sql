-- The products a partner's selection includes but the export holds back, and why (channel rule Q37, or the
-- rules whose findings block them for this partner).
-- params: limit
SELECT v.product_key, v.version, h.ccf.title AS title, h.ccf.publisher AS publisher,
       CASE WHEN v.channel_block IS NOT NULL THEN 'Q37' ELSE array_to_string(v.blocked_by, ', ') END AS rules,
       coalesce('channel: ' || v.channel_block, 'findings: ' || array_to_string(v.blocked_by, ', ')) AS reason
FROM export_view AS v JOIN catalog_history AS h USING (product_key, version)
WHERE v.selected AND (v.channel_block IS NOT NULL OR v.blocked_by IS NOT NULL)
ORDER BY v.product_key
LIMIT $limit
