-- Idempotency-Key records of Bulwark's starter-messaging (h2). Add it to your migrations (Flyway, Liquibase) or let
-- bulwark.messaging.idempotency.initialize-schema=true create it.
CREATE TABLE IF NOT EXISTS bulwark_idempotency_key (
    storage_key  CHAR(64)      NOT NULL PRIMARY KEY,
    fingerprint  CHAR(64)      NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    status       INT,
    content_type VARCHAR(255),
    location     VARCHAR(2048),
    body         BLOB,
    expires_at   TIMESTAMP     NOT NULL
);
