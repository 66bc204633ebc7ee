-- The outbox relay parks an event the broker keeps refusing (abandoned_at) and backs off per event
-- (next_attempt_at); the indexes serve its poll. From bulwark-starter-messaging's outbox schema.
ALTER TABLE bulwark_outbox ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMP;
ALTER TABLE bulwark_outbox ADD COLUMN IF NOT EXISTS abandoned_at TIMESTAMP;
CREATE INDEX IF NOT EXISTS bulwark_outbox_pending ON bulwark_outbox (published_at, seq);
CREATE INDEX IF NOT EXISTS bulwark_outbox_next_attempt ON bulwark_outbox (next_attempt_at);
CREATE INDEX IF NOT EXISTS bulwark_outbox_abandoned ON bulwark_outbox (abandoned_at);
