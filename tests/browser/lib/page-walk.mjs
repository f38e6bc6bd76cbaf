// Walking every page a signed-in person reaches by following links, and the checks the
// pseudo-locale walk makes on each: text that did not come from a catalog, and text cut off
// or overflowing its box.

/**
 * A path's shape, so that the walk opens one page of each kind: path segments with a digit
 * (ids, case numbers, dates) become ":n", the query keeps its names only.
 */
export function pageKind(url) {
  const address = new URL(url);
  const segments = address.pathname.split('/').map((part) => (/\d/.test(part) ? ':n' : part));
  const names = [...new Set([...address.searchParams.keys()])].sort();
  return segments.join('/') + (names.length ? `?${names.join('&')}` : '');
}

// Links the walk does not follow: leaving the session, files to download, and the
// language switch itself.
const NOT_PAGES = [/\/sign-out$/, /\.(pdf|csv|png|jpe?g|stl|ply|obj|zip|svg)$/i, /\/(download|files?)\b/,
  /\/static\//, /\/prefs\//];

/**
 * Opens `start` and every page reachable from it by same-origin links, one of each kind
 * (pageKind), up to `limit` pages, calling visit(page, url) on each. Only HTML pages that
 * answer 200 are visited; the others are listed as skipped. Returns the visited URLs.
 */
export async function walkPages(page, start, visit, { limit = 120 } = {}) {
  const origin = new URL(start).origin;
  const queue = [start];
  const seenKinds = new Set([pageKind(start)]);
  const visited = [];
  while (queue.length && visited.length < limit) {
    const url = queue.shift();
    const answer = await page.context().request.get(url, { maxRedirects: 0 });
    const type = answer.headers()['content-type'] || '';
    if (answer.status() !== 200 || !type.startsWith('text/html')) continue;
    await page.goto(url);
    visited.push(url);
    await visit(page, url);
    const links = await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => a.href));
    for (const link of links) {
      const target = new URL(link);
      target.hash = '';
      if (target.origin !== origin || NOT_PAGES.some((pattern) => pattern.test(target.pathname))) continue;
      const kind = pageKind(target.href);
      if (seenKinds.has(kind)) continue;
      seenKinds.add(kind);
      queue.push(target.href);
    }
  }
  return visited;
}

/**
 * The text on the page that did not come from a catalog in the pseudo-locale: every
 * catalog message there is bracketed ("⟦Śíğñ íñ···⟧"), and data (names, numbers, dates,
 * amounts) sits in elements marked translate="no". Whatever letters are left outside both
 * are listed, with the element they are in. Attributes a person reads (title, placeholder,
 * aria-label, alt, a button's value) are checked too.
 */
export function untranslatedText(page, { siteName = '' } = {}) {
  return page.evaluate((site) => {
    const ignored = (element) => element.closest('[translate="no"], time, script, style, noscript, template');
    const describe = (element) => {
      const parts = [];
      for (let node = element; node && node !== document.body && parts.length < 3; node = node.parentElement) {
        parts.unshift(node.tagName.toLowerCase() + (node.id ? `#${node.id}` : ''));
      }
      return parts.join(' > ');
    };
    // Removes bracketed messages, innermost first (a message may hold another).
    const outsideBrackets = (text) => {
      let previous;
      let rest = text;
      do {
        previous = rest;
        rest = rest.replace(/⟦[^⟦⟧]*⟧/gu, ' ');
      } while (rest !== previous);
      return rest;
    };
    const LETTER = /\p{L}/u;
    const found = [];

    // Text nodes, joined per block so that a message broken by inline data still pairs its
    // brackets ("⟦Śíğñéð íñ åš " <data> "···⟧").
    const blocks = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || ignored(element) || !node.textContent.trim()) continue;
      let block = element;
      while (block.parentElement && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (!blocks.has(block)) blocks.set(block, []);
      blocks.get(block).push(node.textContent);
    }
    for (const [block, texts] of blocks) {
      const rest = outsideBrackets(texts.join('\u0001'));
      for (const piece of rest.split('\u0001')) {
        if (LETTER.test(piece)) found.push({ where: describe(block), text: piece.trim() });
      }
    }

    const ATTRIBUTES = ['title', 'placeholder', 'aria-label', 'alt', 'aria-description'];
    for (const element of document.body.querySelectorAll('*')) {
      if (ignored(element)) continue;
      const names = [...ATTRIBUTES];
      if (element.matches('input[type=submit], input[type=button]')) names.push('value');
      for (const name of names) {
        const value = element.getAttribute(name);
        if (value && LETTER.test(outsideBrackets(value))) {
          found.push({ where: `${describe(element)}[${name}]`, text: value });
        }
      }
    }
    // The site's name ends the title (data, as in the header).
    const title = site && document.title.endsWith(` · ${site}`) ? document.title.slice(0, -site.length - 3) : document.title;
    if (LETTER.test(outsideBrackets(title))) found.push({ where: 'title', text: document.title });
    return found;
  }, siteName);
}

/**
 * Boxes whose text does not fit: an element (not a scroll container, not visually hidden)
 * whose content is wider than its box, or taller than a box that clips it; and the page
 * itself when it scrolls sideways. Only the innermost of nested overflowing boxes is listed.
 */
export function overflowingBoxes(page) {
  return page.evaluate(() => {
    const describe = (element) => {
      const parts = [];
      for (let node = element; node && node !== document.body && parts.length < 3; node = node.parentElement) {
        parts.unshift(node.tagName.toLowerCase() + (node.id ? `#${node.id}` : ''));
      }
      return parts.join(' > ');
    };
    const visuallyHidden = (style, element) =>
      style.clip !== 'auto' || style.clipPath !== 'none' || element.clientWidth <= 1 || element.clientHeight <= 1;
    const overflowing = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (!element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      if (style.display.startsWith('inline') && style.display !== 'inline-block') continue;
      if (style.display === 'contents' || visuallyHidden(style, element)) continue;
      if (element.matches('svg, svg *, canvas, img, video, input, select, textarea')) continue;
      const scrolls = (overflow) => overflow === 'auto' || overflow === 'scroll';
      const wide = !scrolls(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
      const clips = style.overflowY === 'hidden' || style.overflowY === 'clip';
      const tall = clips && element.scrollHeight > element.clientHeight + 1;
      if (wide || tall) overflowing.push(element);
    }
    const innermost = overflowing.filter((element) => !overflowing.some((other) => other !== element && element.contains(other)));
    const found = innermost.map((element) => ({
      where: describe(element),
      text: element.textContent.trim().replace(/\s+/g, ' ').slice(0, 80),
      box: `${element.clientWidth}x${element.clientHeight}, content ${element.scrollWidth}x${element.scrollHeight}`,
    }));
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
      found.push({ where: 'page', text: 'scrolls sideways', box: `${window.innerWidth} wide, content ${root.scrollWidth}` });
    }
    return found;
  });
}

// ASCII letters and the accented look-alikes the pseudo-locale writes them with.
const ACCENTED = Object.fromEntries([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, i) => [
  letter, [...'áƀçďéƒğĥíĵķĺɱñöþǫŕśţüṽŵẋýžÅƁÇĎÉƑĞĤÍĴĶĹṀÑÖÞǪŔŚŢÜṼŴẊÝŽ'][i]]));

/**
 * A plain catalog message (no tags, no ICU arguments) as the pseudo-locale en-XA shows it:
 * accented, one "·" per 2.5 letters, bracketed ("Language" is "⟦Ĺáñğüáğé····⟧").
 */
export function pseudoLocalized(english) {
  let letters = 0;
  const accented = [...english].map((c) => {
    if (!ACCENTED[c]) return c;
    letters += 1;
    return ACCENTED[c];
  }).join('');
  return `⟦${accented}${'·'.repeat(Math.floor((letters * 2 + 4) / 5))}⟧`;
}
