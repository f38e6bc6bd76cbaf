#!/usr/bin/env node
// A local stand-in for Razorpay, for tests: the REST API (Basic auth with the key pair,
// JSON, Razorpay's error objects) for orders, payments, captures and refunds (replayed per
// X-Refund-Idempotency), the Checkout script and page, signed webhooks, and a control API
// under /_fake/ (no auth). Node builtins only.
//
//   node tests/fakes/razorpay/server.mjs --port 0 --key-id rzp_test_molar --key-secret <s>
//        [--webhook-url <url> --webhook-secret <s>] [--auto-capture] [--host 127.0.0.1]
//
// The first line it prints is `razorpay-fake listening on http://127.0.0.1:<port>`.
// README.md beside this file lists the endpoints.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createFake } from './fake.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'key-id': { type: 'string', default: 'rzp_test_molar' },
    'key-secret': { type: 'string' },
    'webhook-url': { type: 'string', default: '' },
    'webhook-secret': { type: 'string', default: '' },
    'auto-capture': { type: 'boolean', default: false },
  },
});

if (!values['key-secret']) {
  process.stderr.write('razorpay-fake: --key-secret is required\n');
  process.exit(2);
}
if (values['webhook-url'] && !values['webhook-secret']) {
  process.stderr.write('razorpay-fake: --webhook-url needs --webhook-secret\n');
  process.exit(2);
}

const fake = createFake({
  keyId: values['key-id'],
  keySecret: values['key-secret'],
  webhookUrl: values['webhook-url'],
  webhookSecret: values['webhook-secret'],
  autoCapture: values['auto-capture'],
});

const server = http.createServer((req, res) => fake.handle(req, res));
server.keepAliveTimeout = 5000;
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address();
  const host = values.host.includes(':') ? `[${values.host}]` : values.host;
  process.stdout.write(`razorpay-fake listening on http://${host}:${port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
