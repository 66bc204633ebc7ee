-- Idempotency-Key records (bulwark-starter-messaging), from its schema-h2.sql
CREATE TABLE bulwark_idempotency_key (
    storage_key  CHAR(64)      NOT NULL PRIMARY KEY,
    fingerprint  CHAR(64)      NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    status       INT,
    content_type VARCHAR(255),
    location     VARCHAR(2048),
    body         BLOB,
    expires_at   TIMESTAMP     NOT NULL
);
