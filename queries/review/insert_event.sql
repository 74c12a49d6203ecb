-- One audit event (a comment, a revert, a waiver...).
-- params: event_at, actor, role, action, conversion_id, product_key, from_status, to_status, comment, details
INSERT INTO review_events (event_at, actor, role, action, conversion_id, product_key, from_status, to_status,
                           comment, details)
VALUES ($event_at, $actor, $role, $action, $conversion_id, $product_key, $from_status, $to_status, $comment,
        $details::JSON)
