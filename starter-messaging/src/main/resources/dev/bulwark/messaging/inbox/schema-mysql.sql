-- Inbox of Bulwark's starter-messaging (mysql): the events each consumer has already applied. Add it to your
-- migrations (Flyway, Liquibase) or let bulwark.messaging.inbox.initialize-schema=true create it.
-- Every TIMESTAMP has an explicit NULL or DEFAULT: with explicit_defaults_for_timestamp=OFF (the default before MySQL
-- 8.0 and MariaDB 10.10, and on some managed services) the server would otherwise give the first one ON UPDATE
-- CURRENT_TIMESTAMP and make the others NOT NULL DEFAULT '0000-00-00'.
CREATE TABLE IF NOT EXISTS bulwark_inbox (
    consumer    VARCHAR(255) NOT NULL,
    event_id    VARCHAR(255) NOT NULL,
    received_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (consumer, event_id),
    -- the cleanup of events past the retention
    INDEX bulwark_inbox_received (received_at)
);
