-- Razorpay orders made by the provider "razorpay": one per payment attempt (the host's
-- idempotency key), reused when the attempt's checkout is asked again. order_id is
-- NULL between reserving the row and Razorpay's answer (a lost answer leaves it so,
-- until the order is found again by its receipt). The checkout page shows the order
-- only to the attempt's organization; the callback verifies Checkout's signature with
-- the order id stored here. Amounts are integer minor units of `currency` (paise for
-- INR); times are epoch milliseconds.
CREATE TABLE pay_razorpay_orders (
  attempt_id VARCHAR(64) NOT NULL PRIMARY KEY,
  order_id VARCHAR(64) NULL,
  organization_id BIGINT NOT NULL DEFAULT 0,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  return_url VARCHAR(2000) NOT NULL DEFAULT '',
  cancel_url VARCHAR(2000) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX pay_razorpay_orders_order ON pay_razorpay_orders (order_id);
