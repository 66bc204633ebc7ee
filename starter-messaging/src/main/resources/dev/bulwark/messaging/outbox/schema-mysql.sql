-- Transactional outbox of Bulwark's starter-messaging (mysql). Add it to your migrations (Flyway, Liquibase) or let
-- bulwark.messaging.outbox.initialize-schema=true create it.
CREATE TABLE IF NOT EXISTS bulwark_outbox (
    seq            BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id       VARCHAR(36)   NOT NULL UNIQUE,
    aggregate_type VARCHAR(255)  NOT NULL,
    aggregate_id   VARCHAR(255)  NOT NULL,
    event_type     VARCHAR(255)  NOT NULL,
    payload        LONGTEXT NOT NULL,
    headers        LONGTEXT,
    created_at     TIMESTAMP     NOT NULL,
    published_at   TIMESTAMP,
    attempts       INT           NOT NULL DEFAULT 0,
    last_error     VARCHAR(1000)
);
CREATE TABLE IF NOT EXISTS bulwark_outbox_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY
);
