-- The rows a diff produces (filled by core/review/diffspec.py's statement over diff_pairs).
-- params:
CREATE OR REPLACE TEMP TABLE diff_rows (
    id BIGINT, field VARCHAR, item VARCHAR, change VARCHAR, old_value VARCHAR, new_value VARCHAR
)
