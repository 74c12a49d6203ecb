-- A sender seen for the first time; returns its sender_id.
-- params: name, identifiers, seen_at
INSERT INTO senders (name, identifiers, first_seen_at, last_seen_at)
VALUES ($name, $identifiers::VARCHAR[], $seen_at, $seen_at)
RETURNING sender_id
