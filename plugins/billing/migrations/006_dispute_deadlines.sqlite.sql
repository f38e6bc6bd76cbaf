-- What the provider tells of a dispute when billing asks it (the billing.dispute-facts job
-- after dispute.opened): the deadline to answer it (epoch milliseconds, 0 while not known
-- or when there is none) and the provider's word for why the payer disputed
-- ("fraudulent", "product_not_received"; '' while not known).
ALTER TABLE billing_disputes ADD COLUMN evidence_due_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE billing_disputes ADD COLUMN reason VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX billing_disputes_due ON billing_disputes (state, evidence_due_at);
