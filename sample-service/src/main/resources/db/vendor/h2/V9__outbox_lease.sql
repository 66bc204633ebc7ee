-- The outbox relay holds a lease (owner, lease_until) instead of a row lock across broker calls.
-- From bulwark-starter-messaging's outbox schema.
ALTER TABLE bulwark_outbox_lock ADD COLUMN IF NOT EXISTS owner VARCHAR(64);
ALTER TABLE bulwark_outbox_lock ADD COLUMN IF NOT EXISTS lease_until TIMESTAMP;
