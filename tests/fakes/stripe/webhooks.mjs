// Webhook events as Stripe makes and signs them: an event object per change, POSTed as JSON to
// the configured endpoint with `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, one v1
// per configured secret, each the HMAC-SHA256 of `<t>.<body>` keyed with the secret.
import { createHmac } from 'node:crypto';
import { newId } from './store.mjs';

const DELIVERY_TIMEOUT_MS = 10_000;

export function signatureHeader(body, secrets, timestamp) {
  const parts = [`t=${timestamp}`];
  for (const secret of secrets) {
    parts.push(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`);
  }
  return parts.join(',');
}

export class Webhooks {
  constructor({ url = null, secrets = [], apiVersion }) {
    this.url = url;
    this.secrets = secrets;
    this.apiVersion = apiVersion;
    this.events = [];
    this.byId = new Map();
    // Deliveries go one at a time, in the order the events happened.
    this.queue = Promise.resolve();
    this.pending = 0;
  }

  /** Makes the event for `object` (a snapshot of it now) and queues its delivery. */
  emit(type, object, request = null) {
    const event = {
      id: newId('evt_3'),
      object: 'event',
      api_version: this.apiVersion,
      created: Math.floor(Date.now() / 1000),
      data: { object: JSON.parse(JSON.stringify(object)) },
      livemode: false,
      pending_webhooks: this.url ? 1 : 0,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    };
    const entry = { event, body: JSON.stringify(event, null, 2), deliveries: [] };
    this.events.push(entry);
    this.byId.set(event.id, entry);
    this.deliver(entry);
    return event;
  }

  /** Sends an event (again), signed now or at `timestamp`; resolves to the delivery's record. */
  deliver(entry, { timestamp } = {}) {
    if (!this.url) return Promise.resolve(null);
    this.pending += 1;
    const url = this.url;
    const secrets = [...this.secrets];
    const run = async () => {
      const t = timestamp ?? Math.floor(Date.now() / 1000);
      const record = { url, at: Math.floor(Date.now() / 1000), timestamp: t, status: null, error: null };
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'cache-control': 'no-cache',
            accept: '*/*; q=0.5, application/xml',
            'stripe-signature': signatureHeader(entry.body, secrets, t),
          },
          body: entry.body,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        record.status = response.status;
        record.response = (await response.text()).slice(0, 2000);
      } catch (error) {
        record.error = String(error?.cause?.message ?? error?.message ?? error);
      }
      entry.deliveries.push(record);
      process.stderr.write(`stripe-fake: webhook ${entry.event.type} ${entry.event.id} -> ${record.status ?? record.error}\n`);
      return record;
    };
    const delivery = this.queue.then(run);
    this.queue = delivery.catch(() => {}).finally(() => { this.pending -= 1; });
    return delivery;
  }

  resend(eventId, options) {
    const entry = this.byId.get(eventId);
    if (!entry) return null;
    return this.deliver(entry, options);
  }

  /** Resolves once every queued delivery is done (or after `timeoutMs`). */
  async flush(timeoutMs = DELIVERY_TIMEOUT_MS * 2) {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) {
      await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    return this.pending;
  }

  list() {
    return this.events.map((entry) => ({ ...entry.event, deliveries: entry.deliveries }));
  }
}
