// Starts the fake payment gateways of tests/fakes/<name>/server.mjs (Node builtins only) on a
// free loopback port and talks to their /_fake control API, for the tests that point the
// official npm clients or molard's payment plugins at them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './molard.mjs';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export const STRIPE_KEY = 'sk_test_molar';
export const STRIPE_WEBHOOK_SECRET = 'whsec_molar_browser_first';
export const STRIPE_WEBHOOK_SECRET_NEXT = 'whsec_molar_browser_second';
export const RAZORPAY_KEY_ID = 'rzp_test_molar';
export const RAZORPAY_KEY_SECRET = 'molar_browser_razorpay_secret';
export const RAZORPAY_WEBHOOK_SECRET = 'molar_browser_razorpay_webhook';

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node tests/fakes/<name>/server.mjs --port 0 <args>` and resolves once it has printed
 * `<name>-fake listening on <url>` as its first line.
 *
 * Returns { url, port, output(), control(method, path, body), requests(), events(), stop() }.
 */
export async function startFake(name, args = []) {
  const script = path.join(repoRoot, 'tests', 'fakes', name, 'server.mjs');
  const child = spawn(process.execPath, [script, '--port', '0', ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(child);
      resolve(exitInfo);
    });
  });
  const listening = new RegExp(`^${name}-fake listening on (http://\\S+)`, 'm');
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(
      `the ${name} fake did not say where it listens within ${READY_TIMEOUT_MS / 1000}s. Its output:\n${log}`)),
    READY_TIMEOUT_MS);
    const look = (chunk) => {
      log += chunk;
      const match = listening.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout.setEncoding('utf8').on('data', look);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { log += chunk; });
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the ${name} fake exited before it listened (${JSON.stringify(exitInfo)}). Its output:\n${log}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });

  /** Calls the fake's control API with a JSON body; resolves to the parsed answer (throws on 4xx/5xx). */
  async function control(method, controlPath, body) {
    const response = await fetch(`${url}${controlPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${controlPath} on the ${name} fake answered ${response.status}: ${text}`);
    }
    return text ? JSON.parse(text) : null;
  }

  async function stop() {
    if (!exitInfo) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    return exitInfo;
  }

  return {
    url,
    port: Number(new URL(url).port),
    output: () => log,
    control,
    /** The API calls the fake was sent: [{ method, path, idempotencyKey, params, status }]. */
    requests: () => control('GET', '/_fake/requests').then(listOf),
    /** The webhook events the fake made, newest last. */
    events: () => control('GET', '/_fake/events').then(listOf),
    stop,
  };
}

// A control answer that is a list, bare or as { data: [...] } (Stripe's list shape).
function listOf(answer) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer.data)) return answer.data;
  if (answer && Array.isArray(answer.requests)) return answer.requests;
  if (answer && Array.isArray(answer.events)) return answer.events;
  throw new Error(`not a list: ${JSON.stringify(answer).slice(0, 200)}`);
}

/**
 * The fake Stripe with the test key; `webhookUrl` and `webhookSecrets` (each gives a v1
 * signature) make it send signed events.
 */
export function startStripeFake({ webhookUrl, webhookSecrets = [STRIPE_WEBHOOK_SECRET] } = {}) {
  const args = ['--api-key', STRIPE_KEY];
  if (webhookUrl) args.push('--webhook-url', webhookUrl);
  for (const secret of webhookSecrets) args.push('--webhook-secret', secret);
  return startFake('stripe', args);
}

/** The fake Razorpay with the test key pair; `webhookUrl` makes it send signed events. */
export function startRazorpayFake({ webhookUrl, webhookSecret = RAZORPAY_WEBHOOK_SECRET } = {}) {
  const args = ['--key-id', RAZORPAY_KEY_ID, '--key-secret', RAZORPAY_KEY_SECRET];
  if (webhookUrl) args.push('--webhook-url', webhookUrl, '--webhook-secret', webhookSecret);
  return startFake('razorpay', args);
}

/** molard's settings for pay-stripe pointed at a fake Stripe (both webhook secrets accepted). */
export function payStripeSettings(fake, webhookSecrets = [STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_NEXT]) {
  return {
    'pay-stripe.apiBase': fake.url,
    'pay-stripe.secretKey': STRIPE_KEY,
    'pay-stripe.webhookSecrets': webhookSecrets.join(','),
  };
}

/** molard's settings for pay-razorpay pointed at a fake Razorpay. */
export function payRazorpaySettings(fake) {
  return {
    'pay-razorpay.apiBase': fake.url,
    'pay-razorpay.keyId': RAZORPAY_KEY_ID,
    'pay-razorpay.keySecret': RAZORPAY_KEY_SECRET,
    'pay-razorpay.webhookSecrets': RAZORPAY_WEBHOOK_SECRET,
    // The fake serves its own Checkout script, which the plugin's page loads.
    'pay-razorpay.checkoutScript': `${fake.url}/v1/checkout.js`,
  };
}

/** Tells a running fake where to send its webhooks (e.g. molard, started after the fake). */
export function sendWebhooksTo(fake, webhookUrl) {
  return fake.control('POST', '/_fake/config', { webhookUrl });
}
