-- A re-check's subjects, second part: the latest pending conversions (see engine.run_rules_in_parts).
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects AS
SELECT product_key, conversion_id, content_hash, sender_id, ccf FROM check_pending
