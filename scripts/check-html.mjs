// Runs the Nu HTML checker (vnu-jar, pinned in tests/browser/package-lock.json) over every
// page the browser tests were served (build/artifacts/pages/, kept by tests/browser/lib).
// Prints each error with the address it came from; exits non-zero when there is any.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = path.join(root, 'build', 'artifacts', 'pages');
const jar = path.join(root, 'tests', 'browser', 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

if (!existsSync(pagesDir)) {
  console.error('check-html: no pages kept; run the browser tests first');
  process.exit(1);
}
const addresses = new Map();
for (const line of readFileSync(path.join(pagesDir, 'index.tsv'), 'utf8').split('\n')) {
  const [name, status, url] = line.split('\t');
  if (name && !addresses.has(name)) addresses.set(name, `${url} (${status})`);
}
const files = readdirSync(pagesDir).filter((f) => f.endsWith('.html')).map((f) => path.join(pagesDir, f));
let report;
try {
  report = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
} catch (error) {
  // vnu exits 1 when it found errors; its JSON report is on stderr.
  report = error.stderr || error.stdout;
}
const messages = JSON.parse(report.trim() || '{"messages":[]}').messages.filter((m) => m.type === 'error');
for (const m of messages) {
  const name = path.basename(decodeURIComponent(new URL(m.url).pathname), '.html');
  console.log(`${addresses.get(name) ?? name}:${m.lastLine ?? '?'}: ${m.message}`);
  if (m.extract) console.log(`    ${m.extract.replace(/\s+/g, ' ').trim()}`);
}
console.log(`check-html: ${files.length} distinct pages, ${messages.length} errors`);
process.exit(messages.length > 0 ? 1 : 0);
