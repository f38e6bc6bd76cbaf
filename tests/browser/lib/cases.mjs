// What the cases plugin's browser tests share: the demo people, starting molard with the
// plugin and the demo data, signing in, a real binary STL scan, and the page checks
// (accessible names, heading order, text contrast).
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMolard, createDataDir, removeDataDir } from './molard.mjs';
import { submitWith, textColours, contrastRatio, accessibleName } from './browser.mjs';

export const LAB_ADMIN = { email: 'admin@lab.example', password: 'demo lab admin', name: 'Mariam Al-Kuwari' };
export const TECHNICIAN = { email: 'tech@lab.example', password: 'demo technician', name: 'Omar Farouk' };
export const BILLING_CLERK = { email: 'billing@lab.example', password: 'demo billing clerk', name: 'Huda Saleh' };
export const LAB_LEAD = { email: 'lead@lab.example', password: 'demo lab lead', name: 'Nadia Rahman' };
export const PEARL_DENTIST = { email: 'dentist@pearl.example', password: 'demo pearl dentist', name: 'Karim Nasser' };
export const PEARL_OWNER = { email: 'owner@pearl.example', password: 'demo pearl owner', name: 'Layla Haddad' };

export const CASE_NUMBER = /TR-\d{6}-[0-9A-F]{4}/;

export const FORM_CONTROL_ROLES = [
  'button', 'checkbox', 'combobox', 'listbox', 'radio', 'searchbox', 'slider', 'spinbutton',
  'switch', 'textbox',
];

/**
 * molard with the cases plugin and the demo data (people and cases in every state); uploads
 * go to a folder inside the test's data folder. `settings` adds --set key=value pairs;
 * `plugins` lists what runs beside cases's data (billing's pages need ['cases', 'billing']).
 * `options.ownPublicUrl` makes the links it hands out (a payment provider's way back) lead to
 * this very server.
 */
export async function startCasesMolard(settings = {}, plugins = ['cases'], options = {}) {
  const dataDir = await createDataDir();
  let molard;
  try {
    molard = await startMolard({
      dataDir,
      plugins,
      ownPublicUrl: options.ownPublicUrl ?? false,
      args: ['--demo-data', '--set', `files.root=${path.join(dataDir, 'files')}`,
        ...Object.entries(settings).flatMap(([key, value]) => ['--set', `${key}=${value}`])],
    });
  } catch (error) {
    await removeDataDir(dataDir);
    throw error;
  }
  return {
    ...molard,
    async stop() {
      const exit = await molard.stop();
      await removeDataDir(dataDir);
      return exit;
    },
  };
}

/** What every page passes: each form control has a name, one h1 and headings in order. */
export async function checkPage(page, what) {
  const { unnamed } = await unnamedControls(page);
  assert.deepEqual(unnamed, [], `${what}: every form control has a name`);
  assert.deepEqual(outlineProblems(await headingOutline(page)), [], `${what}: one h1, headings in order`);
}

export const mainHeading = (page) => page.getByRole('main').getByRole('heading', { level: 1 });
export const pathOf = (page) => new URL(page.url()).pathname;

/** Signs a person in through the sign-in page, as they would. */
export async function signIn(page, baseUrl, person) {
  const response = await page.goto(`${baseUrl}/sign-in`);
  assert.equal(response.status(), 200, 'GET /sign-in answers 200');
  await page.getByLabel('Email or username', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await submitWith(page, page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }));
  assert.notEqual(pathOf(page), '/sign-in', `${person.email} is signed in (still on the sign-in page)`);
  assert.ok(await page.getByRole('banner').getByText(person.name, { exact: true }).isVisible(),
    `the banner names ${person.name}`);
}

/** Opens a path and checks the answer's status; returns the response. */
export async function open(page, url, status = 200) {
  const response = await page.goto(url);
  assert.equal(response.status(), status, `GET ${new URL(url).pathname} answers ${status}`);
  return response;
}

// --- a binary STL ------------------------------------------------------------------------

/**
 * An icosphere (a subdivided icosahedron) of the given radius in mm: 20 · 4^subdivisions
 * triangles, every one with a real area. Returns { triangles: [[a, b, c], ...] } of points.
 */
export function icosphere(radius = 10, subdivisions = 2) {
  const t = (1 + Math.sqrt(5)) / 2;
  let vertices = [
    [-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t],
    [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1],
  ];
  let faces = [
    [0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4],
    [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8],
    [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1],
  ];
  const unit = ([x, y, z]) => {
    const length = Math.hypot(x, y, z);
    return [x / length, y / length, z / length];
  };
  vertices = vertices.map(unit);
  for (let level = 0; level < subdivisions; level += 1) {
    const middles = new Map();
    const middle = (a, b) => {
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      if (!middles.has(key)) {
        const [p, q] = [vertices[a], vertices[b]];
        vertices.push(unit([(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2]));
        middles.set(key, vertices.length - 1);
      }
      return middles.get(key);
    };
    faces = faces.flatMap(([a, b, c]) => {
      const [ab, bc, ca] = [middle(a, b), middle(b, c), middle(c, a)];
      return [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]];
    });
  }
  const scaled = vertices.map(([x, y, z]) => [x * radius, y * radius, z * radius]);
  return { triangles: faces.map((face) => face.map((index) => scaled[index])) };
}

/** A binary STL: 80-byte header, triangle count, then 50 bytes per triangle. */
export function binaryStl(triangles, header = 'molar browser test sphere') {
  const buffer = Buffer.alloc(84 + 50 * triangles.length);
  buffer.write(header.padEnd(80, ' ').slice(0, 80), 0, 'latin1');
  buffer.writeUInt32LE(triangles.length, 80);
  let offset = 84;
  for (const [a, b, c] of triangles) {
    // The face normal, from the right-hand rule.
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const length = Math.hypot(...n) || 1;
    for (const value of [...n.map((x) => x / length), ...a, ...b, ...c]) {
      buffer.writeFloatLE(value, offset);
      offset += 4;
    }
    buffer.writeUInt16LE(0, offset);
    offset += 2;
  }
  return buffer;
}

/** Writes a sphere scan to a new temporary folder; returns { file, name, triangles, bytes }. */
export async function writeSphereStl(name = 'upper-sphere.stl') {
  const { triangles } = icosphere(10, 2);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'molar-stl-'));
  const file = path.join(folder, name);
  const bytes = binaryStl(triangles);
  await writeFile(file, bytes);
  return { file, folder, name, triangles: triangles.length, bytes: bytes.length };
}

// --- page checks -------------------------------------------------------------------------

/** Visible form controls without an accessible name, described by role and markup. */
export async function unnamedControls(page) {
  const unnamed = [];
  let checked = 0;
  for (const role of FORM_CONTROL_ROLES) {
    for (const control of await page.getByRole(role).all()) {
      if (!(await control.isVisible())) continue;
      checked += 1;
      if ((await accessibleName(control)) === '') {
        unnamed.push(`${role}: ${await control.evaluate((el) => el.outerHTML.slice(0, 200))}`);
      }
    }
  }
  return { unnamed, checked };
}

/** The page's visible headings as [level, text], in document order. */
export async function headingOutline(page) {
  const outline = [];
  for (const heading of await page.getByRole('heading').all()) {
    if (!(await heading.isVisible())) continue;
    const level = await heading.evaluate((el) => Number(el.getAttribute('aria-level') || el.tagName.slice(1)));
    outline.push([level, (await heading.textContent()).trim().replace(/\s+/g, ' ')]);
  }
  return outline;
}

/** Problems with the heading outline: not one h1 first, or a level skipped on the way down. */
export function outlineProblems(outline) {
  const problems = [];
  const ones = outline.filter(([level]) => level === 1);
  if (ones.length !== 1) problems.push(`${ones.length} h1 headings`);
  if (outline.length && outline[0][0] !== 1) problems.push(`the first heading is h${outline[0][0]} "${outline[0][1]}"`);
  for (let i = 1; i < outline.length; i += 1) {
    const [level, text] = outline[i];
    const [previous] = outline[i - 1];
    if (level > previous + 1) problems.push(`h${level} "${text}" follows h${previous}`);
  }
  return problems;
}

/**
 * Text on the page below WCAG's contrast minimum: 4.5:1, or 3:1 for large text (24 px, or
 * 18.66 px bold). Looks at every visible element in main, the banner and the footer that holds
 * text of its own; disabled controls are exempt, as WCAG allows.
 */
export async function lowContrastText(page) {
  const marker = 'data-contrast-probe';
  const count = await page.evaluate((attribute) => {
    let n = 0;
    const roots = document.querySelectorAll('main, header, footer');
    for (const root of roots) {
      for (const element of root.querySelectorAll('*')) {
        if (['SCRIPT', 'STYLE', 'OPTION', 'OPTGROUP', 'CANVAS'].includes(element.tagName)) continue;
        const ownText = Array.from(element.childNodes)
          .some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '');
        const isControl = ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName) &&
          !['hidden', 'checkbox', 'radio', 'file'].includes(element.type);
        if (!ownText && !isControl) continue;
        if (element.closest('[disabled]') || element.matches(':disabled')) continue;
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
        // Text moved off screen until focused (the skip link) is drawn only when focused.
        if (box.right <= 0 || box.bottom <= 0) continue;
        element.setAttribute(attribute, String(n));
        n += 1;
      }
    }
    return n;
  }, marker);
  const failures = [];
  for (let i = 0; i < count; i += 1) {
    const locator = page.locator(`[${marker}="${i}"]`);
    const { text, background } = await textColours(locator);
    const { size, weight, label } = await locator.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        size: parseFloat(style.fontSize),
        weight: Number(style.fontWeight) || 400,
        label: `${el.tagName.toLowerCase()} "${(el.value || el.textContent).trim().replace(/\s+/g, ' ').slice(0, 50)}"`,
      };
    });
    const large = size >= 24 || (size >= 18.66 && weight >= 700);
    const minimum = large ? 3 : 4.5;
    const ratio = contrastRatio(text, background);
    if (ratio < minimum) {
      failures.push(`${label}: rgb(${text}) on rgb(${background}) is ${ratio.toFixed(2)}:1 (needs ${minimum})`);
    }
  }
  await page.evaluate((attribute) => {
    for (const element of document.querySelectorAll(`[${attribute}]`)) element.removeAttribute(attribute);
  }, marker);
  return failures;
}

/** The text of the elements an element's aria-describedby names, joined by spaces. */
export function description(locator) {
  return locator.evaluate((element) => (element.getAttribute('aria-describedby') || '')
    .split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent.trim() ?? `(missing #${id})`)
    .join(' '));
}
