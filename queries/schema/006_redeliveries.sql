-- Migration 006: re-deliveries of past exports (their archived bytes sent again), so the ledger answers
-- "what did the partner receive, and when" for those too.

CREATE SEQUENCE seq_redelivery_id START 1;

-- A past export's archived files sent again: where, by whom, when, how it ended.
CREATE TABLE export_redeliveries (
    redelivery_id BIGINT PRIMARY KEY DEFAULT nextval('seq_redelivery_id'),
    export_id BIGINT NOT NULL,
    destination VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status VARCHAR NOT NULL,
    files INTEGER,
    error VARCHAR
);
