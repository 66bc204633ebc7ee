-- Inbox of Bulwark's starter-messaging (mysql): the events each consumer has already applied. Add it to your
-- migrations (Flyway, Liquibase) or let bulwark.messaging.inbox.initialize-schema=true create it.
CREATE TABLE IF NOT EXISTS bulwark_inbox (
    consumer    VARCHAR(255) NOT NULL,
    event_id    VARCHAR(255) NOT NULL,
    received_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
