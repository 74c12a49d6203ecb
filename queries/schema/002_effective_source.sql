-- Migration 002: block updates (NotificationType 04) are merged onto the product's last full record; the
-- merged product (reference tags, no namespace) is kept beside the raw XML of the update, so the next
-- block update merges onto it.
ALTER TABLE source_records ADD COLUMN effective_xml VARCHAR;
