-- Inbox of Bulwark's starter-messaging (postgresql): the events each consumer has already applied. Add it to your
-- migrations (Flyway, Liquibase) or let bulwark.messaging.inbox.initialize-schema=true create it.
CREATE TABLE IF NOT EXISTS bulwark_inbox (
    consumer    VARCHAR(255) NOT NULL,
    event_id    VARCHAR(255) NOT NULL,
    received_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
-- the cleanup of events past the retention
CREATE INDEX IF NOT EXISTS bulwark_inbox_received ON bulwark_inbox (received_at);
