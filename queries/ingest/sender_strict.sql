-- Whether the sender a header names is configured as strict (its files are validated against the XSD, Q03).
-- params: name, identifiers
SELECT coalesce(any_value(strict), false) FROM senders
WHERE (len($identifiers::VARCHAR[]) > 0 AND list_has_any(identifiers, $identifiers::VARCHAR[])) OR name = $name
