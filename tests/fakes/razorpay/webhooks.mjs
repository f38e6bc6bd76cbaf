// The fake Razorpay's webhooks: events in Razorpay's envelope, signed as Razorpay signs
// them (X-Razorpay-Signature = hex HMAC-SHA256 of the raw body with the webhook secret),
// each with its x-razorpay-event-id, delivered in order to the configured URL and kept
// for /_fake/events and /_fake/resend.
import crypto from 'node:crypto';
import { newId, nowSeconds } from './store.mjs';

export const ACCOUNT_ID = 'acc_FakeMolarLab001';

export function sign(body, secret) {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** The event's body: Razorpay's envelope around the entities it is about. */
export function eventBody(event, entities, createdAt = nowSeconds()) {
  const payload = {};
  for (const [name, entity] of Object.entries(entities)) payload[name] = { entity };
  return JSON.stringify({
    entity: 'event',
    account_id: ACCOUNT_ID,
    event,
    contains: Object.keys(entities),
    payload,
    created_at: createdAt,
  });
}

export class Webhooks {
  constructor({ url = '', secret = '' } = {}) {
    this.url = url;
    this.secret = secret;
    this.events = [];
    this.queue = Promise.resolve();
  }

  /**
   * Makes an event (a copy of the entities as they are now), signs it and, when a URL
   * is configured and `send` is not false, delivers it after those before it.
   */
  emit(event, entities, { createdAt, send = true } = {}) {
    const copies = JSON.parse(JSON.stringify(entities));
    const body = eventBody(event, copies, createdAt);
    const record = {
      id: newId('evt'),
      event,
      created_at: JSON.parse(body).created_at,
      body,
      signature: this.secret ? sign(body, this.secret) : '',
      deliveries: [],
    };
    this.events.push(record);
    if (send) this.deliver(record);
    return record;
  }

  find(id) {
    return this.events.find((e) => e.id === id);
  }

  /** Queues a delivery of the event; resolves to the delivery's record when it is done. */
  deliver(record) {
    const done = this.queue.then(() => this.post(record));
    this.queue = done.catch(() => {});
    return done;
  }

  async post(record) {
    const delivery = { at: new Date().toISOString(), url: this.url, status: 0, error: null };
    record.deliveries.push(delivery);
    if (!this.url) {
      delivery.error = 'no webhook URL configured';
      return delivery;
    }
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-razorpay-signature': record.signature,
          'x-razorpay-event-id': record.id,
          'user-agent': 'Razorpay-Webhook/v1',
        },
        body: record.body,
        signal: AbortSignal.timeout(5000),
      });
      delivery.status = response.status;
      delivery.answer = (await response.text()).slice(0, 500);
    } catch (error) {
      delivery.error = String(error.message || error);
    }
    return delivery;
  }

  /** Resolves once every delivery queued so far is done. */
  settled() {
    return this.queue;
  }
}
