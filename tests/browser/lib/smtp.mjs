// A real SMTP server for browser tests: tests/support/smtp-sink.py (aiosmtpd), which keeps
// each accepted message as <n>.eml with its envelope in <n>.json. Messages are read back
// with mailparser, as a mail client would.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { repoRoot } from './molard.mjs';

const SINK = path.join(repoRoot, 'tests', 'support', 'smtp-sink.py');
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the sink on 127.0.0.1. Options: port (0 picks one), maildir (a new temporary
 * folder by default), refuse (domains whose recipients get 550).
 * Returns { port, maildir, messages(), waitFor(predicate), stop() }.
 */
export async function startSmtpSink(options = {}) {
  const maildir = options.maildir ?? await mkdtemp(path.join(os.tmpdir(), 'molar-mail-'));
  const args = [SINK, '--port', String(options.port ?? 0), '--maildir', maildir];
  for (const domain of options.refuse ?? []) args.push('--refuse', domain);
  const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { log += chunk; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`smtp-sink did not start:\n${log}`)), 10_000);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const ready = out.match(/^ready (\d+)$/m);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`smtp-sink exited (${code}):\n${log}`)));
  });

  /** Every message received so far, oldest first: mailparser's result plus the envelope. */
  async function messages() {
    const names = (await readdir(maildir)).filter((n) => n.endsWith('.eml'))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    return Promise.all(names.map(async (name) => {
      const raw = await readFile(path.join(maildir, name));
      const envelope = JSON.parse(await readFile(path.join(maildir, name.replace(/\.eml$/, '.json')), 'utf8'));
      return { ...(await simpleParser(raw)), envelope, raw: raw.toString('utf8') };
    }));
  }

  /** The first message `predicate` accepts, waiting up to `timeoutMs` for it. */
  async function waitFor(predicate, what, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await messages()).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        const subjects = (await messages()).map((m) => `${m.envelope.rcptTos.join(',')}: ${m.subject}`);
        throw new Error(`no message ${what} within ${timeoutMs / 1000}s; received:\n${subjects.join('\n')}`);
      }
      await delay(100);
    }
  }

  async function stop({ keepMaildir = false } = {}) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    if (!keepMaildir && !options.maildir) await rm(maildir, { recursive: true, force: true });
  }

  return { port, maildir, messages, waitFor, stop };
}
