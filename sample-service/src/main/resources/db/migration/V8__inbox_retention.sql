-- The inbox's cleanup deletes events past bulwark.messaging.inbox.retention by received_at.
CREATE INDEX bulwark_inbox_received ON bulwark_inbox (received_at);
