// What the warranty plugin's browser tests share: molard with cases and warranty on the demo
// data, the plugin's words as its catalogs hold them, and a downloaded card read back as a
// patient's phone would: rasterized at 300 dpi and its QR code decoded.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { catalogWords } from './molard.mjs';
import { startCasesMolard } from './cases.mjs';

const run = promisify(execFile);

/**
 * molard with the cases and warranty plugins and the demo data; its public address is its
 * own, so the verify URL a card's QR code holds opens this very server.
 */
export function startWarrantyMolard(settings = {}) {
  return startCasesMolard(settings, ['cases', 'warranty'], { ownPublicUrl: true });
}

/**
 * The words of the warranty plugin's pages in one language, read from the cases plugin's
 * catalog (the products' names) and the warranty plugin's: a Map from key to text.
 */
export function warrantyWords(language) {
  return catalogWords(language, ['plugins/cases', 'plugins/warranty']);
}

/**
 * Fills the warranty page's card form by its labels, presses "Download the card (PDF)" and
 * waits for the browser's download. `layout` is the radio button's label, `language` the
 * language list's option label. Returns { bytes, filename }.
 */
export async function downloadCard(page, { layout, language }) {
  await page.getByRole('radio', { name: layout, exact: true }).check();
  await page.getByLabel('Language of the card', { exact: true }).selectOption({ label: language });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the card (PDF)', exact: true }).click(),
  ]);
  const failure = await download.failure();
  if (failure) throw new Error(`the card's download failed: ${failure}`);
  const bytes = await readFile(await download.path());
  return { bytes, filename: download.suggestedFilename() };
}

/** A PDF's pages and first page size in points, from poppler's pdfinfo. */
export async function pdfInfo(bytes) {
  return withFile(bytes, 'card.pdf', async (file) => {
    const { stdout } = await run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(stdout);
    return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
  });
}

/** The PDF's text as poppler's pdftotext reads it (in reading order, not layout). */
export async function pdfText(bytes) {
  return withFile(bytes, 'card.pdf', async (file) => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout;
  });
}

/**
 * What the QR codes on the PDF's pages say: every page drawn at 300 dpi by
 * `pdftoppm -r 300 -png` and read by `zbarimg --raw -q`, one entry a symbol.
 */
export async function qrCodesOf(bytes) {
  return withFile(bytes, 'card.pdf', async (file, folder) => {
    await run('pdftoppm', ['-r', '300', '-png', file, path.join(folder, 'page')]);
    const images = (await readdir(folder)).filter((name) => name.endsWith('.png')).sort()
      .map((name) => path.join(folder, name));
    if (images.length === 0) throw new Error('pdftoppm drew no page');
    try {
      const { stdout } = await run('zbarimg', ['--raw', '-q', ...images]);
      return stdout.split('\n').filter((line) => line !== '');
    } catch (error) {
      // zbarimg exits 4 when it found no symbol at all.
      if (error.code === 4) return [];
      throw error;
    }
  });
}

async function withFile(bytes, name, work) {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'molar-card-'));
  try {
    const file = path.join(folder, name);
    await writeFile(file, bytes);
    return await work(file, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
