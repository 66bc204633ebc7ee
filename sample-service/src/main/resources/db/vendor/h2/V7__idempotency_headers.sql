-- Idempotency-Key replays carry the headers the handler set; expired keys are deleted by expires_at.
-- From bulwark-starter-messaging's idempotency schema.
ALTER TABLE bulwark_idempotency_key ADD COLUMN IF NOT EXISTS headers CHARACTER LARGE OBJECT;
CREATE INDEX IF NOT EXISTS bulwark_idempotency_key_expires ON bulwark_idempotency_key (expires_at);
