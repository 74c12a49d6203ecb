-- The sender account a header names: by one of its identifiers, else by its name.
-- params: name, identifiers
SELECT sender_id, name FROM senders
WHERE (len($identifiers::VARCHAR[]) > 0 AND list_has_any(identifiers, $identifiers::VARCHAR[])) OR name = $name
ORDER BY (len($identifiers::VARCHAR[]) > 0 AND list_has_any(identifiers, $identifiers::VARCHAR[])) DESC, sender_id
LIMIT 1
