-- One audit event per conversion a decision touched: who, when, from which state to which, and why.
-- params: event_at, actor, role, action, to_status, comment, bulk_id
INSERT INTO review_events (event_at, actor, role, action, conversion_id, product_key, from_status, to_status,
                           comment, bulk_id, details)
SELECT $event_at, $actor, $role,
       CASE verdict WHEN 'ok' THEN $action WHEN 'stale' THEN 'supersede' WHEN 'blocked' THEN 'block' ELSE 'skip' END,
       conversion_id, product_key, status,
       CASE verdict WHEN 'ok' THEN $to_status WHEN 'stale' THEN 'superseded' ELSE status END,
       $comment, $bulk_id,
       CASE verdict WHEN 'ok' THEN NULL
            WHEN 'stale' THEN json_object('reason', 'catalogue moved on', 'base_version', base_version,
                                          'current_version', current_version)
            WHEN 'blocked' THEN json_object('reason', 'unwaived error findings', 'rules', blocking)
            ELSE json_object('reason', 'not pending') END
FROM decision
