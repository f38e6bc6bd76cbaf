// Starts the real build/bin/molard for a test: a free loopback port, a temporary SQLite
// database, an empty configuration folder, and only the plugins the caller asks for.
// runMolard runs a one-shot command (e.g. --create-admin) on the same kind of folder.
// MOLAR_BROWSER_DB=mysql gives each data folder its own fresh database on the MariaDB server
// of MOLAR_TEST_MYSQL_URL instead (as scripts/mariadb.sh url prints), dropped with the folder.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// MOLARD_BIN runs another binary, e.g. an installed /usr/bin/molard.
export const molardPath = process.env.MOLARD_BIN || path.join(repoRoot, 'build', 'bin', 'molard');
// MOLAR_PLUGINS_DIR points plugins.path at another build's plugins (default build/plugins),
// e.g. build-h5/plugins next to MOLARD_BIN=build-h5/bin/molard.
export const pluginsDir = process.env.MOLAR_PLUGINS_DIR || path.join(repoRoot, 'build', 'plugins');

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function getStatus(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const running = new Set();

async function checkBinary() {
  try {
    await access(molardPath, fsConstants.X_OK);
  } catch {
    throw new Error(`${molardPath} is missing: build first (bash scripts/build.sh)`);
  }
}

export const useMysql = process.env.MOLAR_BROWSER_DB === 'mysql';

// The MariaDB server's URL, split for the command-line client; null when on SQLite.
function mysqlServer() {
  if (!useMysql) return null;
  const text = process.env.MOLAR_TEST_MYSQL_URL;
  if (!text) {
    throw new Error('MOLAR_BROWSER_DB=mysql needs MOLAR_TEST_MYSQL_URL ' +
      '(bash scripts/mariadb.sh start; bash scripts/mariadb.sh url)');
  }
  const url = new URL(text);
  return {
    host: url.hostname, port: url.port || '3306',
    user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
    // The URL's own database is replaced by the folder's one.
    urlFor: (database) => `${url.protocol}//${url.username}:${url.password}@${url.host}/${database}`,
  };
}

// The data folder's database on MariaDB: molar_ (the test user's grant) and the folder's name.
function mysqlDatabase(dataDir) {
  const suffix = path.basename(dataDir).replace(/^molar-browser-/, '').replace(/\W/g, '_');
  return `molar_browser_${suffix}`;
}

function mysqlRun(server, sql) {
  return new Promise((resolve, reject) => {
    execFile('mariadb', ['--no-defaults', '--protocol=tcp', '-h', server.host, '-P', server.port,
      '-u', server.user, '-e', sql],
    { env: { ...process.env, MYSQL_PWD: server.password }, timeout: READY_TIMEOUT_MS },
    (error, stdout, stderr) => {
      if (error) reject(new Error(`mariadb -e "${sql}" failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}

/** A new temporary folder with an empty config/ in it, for the database and configuration. */
export async function createDataDir() {
  const server = mysqlServer();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'molar-browser-'));
  await mkdir(path.join(dataDir, 'config'));
  if (server) {
    try {
      await mysqlRun(server, `CREATE DATABASE \`${mysqlDatabase(dataDir)}\` ` +
        'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  return dataDir;
}

export async function removeDataDir(dataDir) {
  const server = mysqlServer();
  if (server) await mysqlRun(server, `DROP DATABASE IF EXISTS \`${mysqlDatabase(dataDir)}\``);
  await rm(dataDir, { recursive: true, force: true });
}

/** The arguments that point molard at a data folder: its config/, its database, plugins. */
function baseArgs(dataDir, plugins) {
  const server = mysqlServer();
  return [
    '--config', path.join(dataDir, 'config'),
    '--set', `db.url=${server ? server.urlFor(mysqlDatabase(dataDir))
      : `sqlite:${path.join(dataDir, 'molar.db')}`}`,
    '--set', `plugins.path=${pluginsDir}`,
    '--set', `plugins.enabled=${plugins.join(',')}`,
  ];
}

function childEnvironment(env) {
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('MOLAR_')),
  );
  return Object.assign(childEnv, env);
}

/**
 * Runs molard to completion on a data folder (as startMolard would use it) with extra
 * arguments, e.g. ['--create-admin', 'boss@lab.example'].
 *
 * options: dataDir (required), plugins, env, timeoutMs (default 20 s).
 * Resolves to { code, signal, stdout, stderr }.
 */
export async function runMolard(args, options) {
  const { dataDir, plugins = [], env = {}, timeoutMs = READY_TIMEOUT_MS } = options;
  await checkBinary();
  const child = spawn(molardPath, [...baseArgs(dataDir, plugins), ...args], {
    cwd: repoRoot, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  } finally {
    clearTimeout(timer);
    running.delete(child);
  }
}
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts molard and resolves once GET /readyz answers 200.
 *
 * options.plugins  list of plugin names for plugins.enabled (default: none)
 * options.args     extra command-line arguments, e.g. ['--set', 'i18n.default=fr']
 * options.env      extra environment variables (MOLAR_* from the caller's environment
 *                  are not passed on, so the test sees only what it sets)
 * options.dataDir  a folder from createDataDir() to use instead of a new one, e.g. one that
 *                  runMolard() has prepared; the caller removes it (removeDataDir)
 * options.ownPublicUrl  set http.publicUrl to this server's own address, so links in the
 *                  messages it sends open it
 *
 * Returns { url, port, dataDir, output(), stop() }; stop() sends SIGTERM and waits for exit,
 * and removes the data folder when startMolard made it.
 */
export async function startMolard(options = {}) {
  const { plugins = [], args = [], env = {}, ownPublicUrl = false } = options;
  await checkBinary();

  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? await createDataDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const child = spawn(
    molardPath,
    [...baseArgs(dataDir, plugins), '--set', `http.port=${port}`,
      // Links in messages (tracking, password reset) lead back to this very server.
      ...(ownPublicUrl ? ['--set', `http.publicUrl=${url}`] : []),
      // The demo's accounts (known passwords) come only with a demo's configuration.
      ...(args.includes('--demo-data') ? ['--set', 'demo.enabled=true'] : []), ...args],
    { cwd: repoRoot, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);

  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => { log += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { log += chunk; });
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(child);
      resolve(exitInfo);
    });
    child.on('error', (err) => {
      exitInfo = { code: null, signal: null, error: err };
      running.delete(child);
      resolve(exitInfo);
    });
  });

  async function stop() {
    if (!exitInfo) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (ownsDataDir) await removeDataDir(dataDir);
    return exitInfo;
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      await stop();
      const how = exitInfo.error ? exitInfo.error.message
        : `exit code ${exitInfo.code}, signal ${exitInfo.signal}`;
      throw new Error(`molard exited before it was ready (${how}). Its output:\n${log}`);
    }
    if ((await getStatus(`${url}/readyz`, 1000)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `molard did not answer 200 on ${url}/readyz within ${READY_TIMEOUT_MS / 1000}s. ` +
        `Its output:\n${log}`,
      );
    }
    await delay(100);
  }

  return { url, port, dataDir, output: () => log, stop };
}

/**
 * The catalogs of some folders of the repository (`templates`, `plugins/billing`) in one
 * language, merged: a Map from key to text. Only `key = value` lines (the catalogs have no
 * continuations).
 */
export async function catalogWords(language, folders) {
  const words = new Map();
  for (const folder of folders) {
    const file = path.join(repoRoot, folder, 'messages', `${language}.properties`);
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      const match = /^\s*([^#!\s][^=]*?)\s*=\s*(.*)$/.exec(line);
      if (match) words.set(match[1], match[2].trim());
    }
  }
  return words;
}
