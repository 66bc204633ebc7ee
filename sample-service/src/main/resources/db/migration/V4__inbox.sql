-- The inbox of Bulwark's idempotent consumers (starter-messaging's dev/bulwark/messaging/inbox/schema-*.sql):
-- the events each consumer has already applied.
CREATE TABLE bulwark_inbox (
    consumer    VARCHAR(255) NOT NULL,
    event_id    VARCHAR(255) NOT NULL,
    received_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
