// Debian's Chromium driven by playwright-core (no browser is downloaded), and helpers that
// the page tests share: screenshots, waiting for a form post, reading colours.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './molard.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const artifactsDir = path.join(repoRoot, 'build', 'artifacts', 'browser');
// Every HTML page a test's browser is served, kept for the Nu HTML checker that
// scripts/test.sh runs over them (scripts/check-html.mjs).
export const pagesDir = path.join(repoRoot, 'build', 'artifacts', 'pages');

async function keepPage(response) {
  const request = response.request();
  if (!request.isNavigationRequest() || request.frame().parentFrame()) return;
  if (!(response.headers()['content-type'] || '').startsWith('text/html')) return;
  let body;
  try {
    body = await response.text();
  } catch {
    return; // the page was left before its body could be read
  }
  const name = createHash('sha256').update(body).digest('hex').slice(0, 20);
  await mkdir(pagesDir, { recursive: true });
  await writeFile(path.join(pagesDir, `${name}.html`), body);
  await appendFile(path.join(pagesDir, 'index.tsv'), `${name}\t${response.status()}\t${response.url()}\n`);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (no cookies) and page; options go to browser.newContext. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(15_000);
  context.on('response', (response) => { keepPage(response).catch(() => {}); });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page PNG to build/artifacts/browser/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Clicks a submit button and waits until the page the form leads to (after any redirect)
 * has loaded. Returns the methods of the navigation requests seen, e.g. ['POST', 'GET'].
 */
export async function submitWith(page, button) {
  const methods = [];
  const onRequest = (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      methods.push(request.method());
    }
  };
  page.on('request', onRequest);
  try {
    const committed = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await button.click();
    await committed;
    await page.waitForLoadState('load');
  } finally {
    page.off('request', onRequest);
  }
  return methods;
}

/** The <html> element's lang, dir and data-theme. */
export function rootAttributes(page) {
  return page.evaluate(() => {
    const html = document.documentElement;
    return {
      lang: html.getAttribute('lang'),
      dir: html.getAttribute('dir'),
      theme: html.getAttribute('data-theme'),
    };
  });
}

/**
 * The body's text colour and the background it is drawn on, as sRGB [r, g, b] in 0..255.
 * Any CSS colour syntax (rgb, oklch, color-mix, ...) is resolved by painting it on a canvas.
 * A transparent body shows the root's background; a transparent root shows the canvas,
 * which is dark only when the root's used color-scheme is dark.
 */
export function bodyColours(page) {
  return textColours(page.locator('body'));
}

/**
 * The text colour of the element a locator points at and the background it is drawn on,
 * as sRGB [r, g, b] in 0..255: the backgrounds of the root, the body and every ancestor
 * down to the element are laid over the canvas in turn (background images are ignored).
 */
export function textColours(locator) {
  return locator.evaluate((element) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const rgba = (css) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: a / 255 };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });

    const html = document.documentElement;
    const schemes = getComputedStyle(html).colorScheme.split(/\s+/);
    const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
    const darkCanvas = schemes.includes('dark') && (!schemes.includes('light') || prefersDark);
    let background = darkCanvas ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    const chain = [];
    for (let node = element; node; node = node.parentElement) chain.unshift(node);
    for (const node of chain) {
      background = over(rgba(getComputedStyle(node).backgroundColor), background);
    }
    const style = getComputedStyle(element);
    const colour = rgba(style.color);
    colour.a *= Number(style.opacity);
    const text = over(colour, background);
    const pick = ({ r, g, b }) => [r, g, b].map(Math.round);
    return { text: pick(text), background: pick(background) };
  });
}

/** WCAG 2 relative luminance of an sRGB colour [r, g, b] in 0..255, from 0 to 1. */
export function luminance([r, g, b]) {
  const linear = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The accessible name of the element a locator points at, as Chromium's accessibility tree
 * computes it ('' when it has none).
 */
export async function accessibleName(locator) {
  const snapshot = await locator.ariaSnapshot();
  // The first line reads `- role "name" [state]: ...`, YAML-quoted as a whole when needed.
  let first = snapshot.split('\n')[0].replace(/^- /, '');
  const quoted = /^'(.*)'(:?)$/.exec(first);
  if (quoted) first = quoted[1].replace(/''/g, "'");
  const match = /^[\w-]+ "((?:[^"\\]|\\.)*)"/.exec(first);
  return match ? JSON.parse(`"${match[1]}"`).trim() : '';
}
