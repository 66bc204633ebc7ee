-- Transactional outbox of Bulwark's starter-messaging (mysql). Add it to your migrations (Flyway, Liquibase) or let
-- bulwark.messaging.outbox.initialize-schema=true create it.
-- Every TIMESTAMP has an explicit NULL or DEFAULT: with explicit_defaults_for_timestamp=OFF (the default before MySQL
-- 8.0 and MariaDB 10.10, and on some managed services) the server would otherwise give the first one ON UPDATE
-- CURRENT_TIMESTAMP and make the others NOT NULL DEFAULT '0000-00-00'.
CREATE TABLE IF NOT EXISTS bulwark_outbox (
    seq            BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id       VARCHAR(36)   NOT NULL UNIQUE,
    aggregate_type VARCHAR(255)  NOT NULL,
    aggregate_id   VARCHAR(255)  NOT NULL,
    event_type     VARCHAR(255)  NOT NULL,
    payload        LONGTEXT NOT NULL,
    headers        LONGTEXT,
    created_at     TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    published_at   TIMESTAMP(6)  NULL DEFAULT NULL,
    attempts       INT           NOT NULL DEFAULT 0,
    last_error     VARCHAR(1000),
    next_attempt_at TIMESTAMP(6) NULL DEFAULT NULL,
    abandoned_at   TIMESTAMP(6)  NULL DEFAULT NULL,
    -- the relay's poll (pending events in order) and its look-up of the aggregates held back (few rows each)
    INDEX bulwark_outbox_pending (published_at, seq),
    INDEX bulwark_outbox_next_attempt (next_attempt_at),
    INDEX bulwark_outbox_abandoned (abandoned_at)
);
-- the relay's lease: which instance relays, until when
CREATE TABLE IF NOT EXISTS bulwark_outbox_lock (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner       VARCHAR(64),
    lease_until TIMESTAMP(6) NULL DEFAULT NULL
);
