-- Idempotency-Key records of Bulwark's starter-messaging (mysql). Add it to your migrations (Flyway, Liquibase) or let
-- bulwark.messaging.idempotency.initialize-schema=true create it.
-- Every TIMESTAMP has an explicit NULL or DEFAULT: with explicit_defaults_for_timestamp=OFF (the default before MySQL
-- 8.0 and MariaDB 10.10, and on some managed services) the server would otherwise give the first one ON UPDATE
-- CURRENT_TIMESTAMP and make the others NOT NULL DEFAULT '0000-00-00'.
CREATE TABLE IF NOT EXISTS bulwark_idempotency_key (
    storage_key  CHAR(64)      NOT NULL PRIMARY KEY,
    fingerprint  CHAR(64)      NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    status       INT,
    content_type VARCHAR(255),
    location     VARCHAR(2048),
    headers      LONGTEXT,
    body         LONGBLOB,
    expires_at   TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- the cleanup of expired keys
    INDEX bulwark_idempotency_key_expires (expires_at)
);
