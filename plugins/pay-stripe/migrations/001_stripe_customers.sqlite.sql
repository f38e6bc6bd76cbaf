-- The Stripe Customer (cus_...) of each organization that paid or saved a card by
-- Stripe: one per organization, made with the idempotency key molar-customer-<id>.
-- Nothing about the card is kept here; created_at is epoch milliseconds.
CREATE TABLE pay_stripe_customers (
  organization_id BIGINT NOT NULL PRIMARY KEY,
  customer_id VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL
);
