-- Idempotency-Key records of Bulwark's starter-messaging (h2). Add it to your migrations (Flyway, Liquibase) or let
-- bulwark.messaging.idempotency.initialize-schema=true create it.
CREATE TABLE IF NOT EXISTS bulwark_idempotency_key (
    storage_key  CHAR(64)      NOT NULL PRIMARY KEY,
    fingerprint  CHAR(64)      NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    status       INT,
    content_type VARCHAR(255),
    location     VARCHAR(2048),
    headers      CHARACTER LARGE OBJECT,
    body         BLOB,
    expires_at   TIMESTAMP     NOT NULL
);
-- tables created before replays carried the handler's headers
ALTER TABLE bulwark_idempotency_key ADD COLUMN IF NOT EXISTS headers CHARACTER LARGE OBJECT;
-- the cleanup of expired keys
CREATE INDEX IF NOT EXISTS bulwark_idempotency_key_expires ON bulwark_idempotency_key (expires_at);
