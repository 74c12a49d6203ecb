-- The findings of one check before their lifecycle is known.
-- params:
CREATE OR REPLACE TEMP TABLE staged_findings (
    rule_id VARCHAR, rule_version BIGINT, severity VARCHAR, field VARCHAR, observed VARCHAR,
    message VARCHAR, suggested_fix VARCHAR, product_key VARCHAR
)
