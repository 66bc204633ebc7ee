-- Why the fulfilment saga cancelled an order.
ALTER TABLE purchase_order ADD COLUMN status_reason VARCHAR(200);

-- The read model of order summaries, kept up to date from the order events (eventually consistent).
CREATE TABLE order_summary (
    order_id      BIGINT                   NOT NULL PRIMARY KEY,
    customer_id   VARCHAR(64)              NOT NULL,
    status        VARCHAR(32)              NOT NULL,
    status_reason VARCHAR(200),
    item_count    INT                      NOT NULL,
    placed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    as_of         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX order_summary_customer_id ON order_summary (customer_id, order_id);
