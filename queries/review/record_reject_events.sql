-- One audit event per conversion a rejection named: rejected if it was pending, else skipped.
-- params: event_at, actor, role, comment, bulk_id
INSERT INTO review_events (event_at, actor, role, action, conversion_id, product_key, from_status, to_status,
                           comment, bulk_id, details)
SELECT $event_at, $actor, $role, CASE WHEN status = 'pending' THEN 'reject' ELSE 'skip' END,
       conversion_id, product_key, status, CASE WHEN status = 'pending' THEN 'rejected' ELSE status END,
       $comment, $bulk_id,
       CASE WHEN status = 'pending' THEN NULL ELSE json_object('reason', 'not pending') END
FROM decision
