// Stripe's form encoding: application/x-www-form-urlencoded bodies (and query strings) whose
// keys nest with brackets: metadata[k]=v, line_items[0][price_data][currency]=qar, expand[]=x.
// Brackets arrive raw (stripe-node) or percent-encoded (Poco's HTMLForm); both parse the same.

export class FormError extends Error {
  constructor(message, param) {
    super(message);
    this.param = param;
  }
}

/** Parses `a=1&b[c]=2&d[0]=x&d[]=y` into nested objects; a key's numeric segments make arrays. */
export function parseForm(text) {
  const root = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    assign(root, splitKey(key), value, key);
  }
  return arraysFromIndexes(root);
}

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new FormError(`Invalid URL encoding: ${text}`, undefined);
  }
}

// `line_items[0][price_data]` → ['line_items', '0', 'price_data']; `expand[]` → ['expand', ''].
function splitKey(key) {
  const open = key.indexOf('[');
  if (open < 0) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const segment = /\[([^\]]*)\]/y;
  let match;
  let position = 0;
  while (position < rest.length) {
    segment.lastIndex = position;
    match = segment.exec(rest);
    if (!match) throw new FormError(`Invalid parameter name: ${key}`, key);
    parts.push(match[1]);
    position = segment.lastIndex;
  }
  if (parts[0] === '') throw new FormError(`Invalid parameter name: ${key}`, key);
  return parts;
}

// Objects keep a hidden counter for `[]` appends; arraysFromIndexes turns index-keyed objects
// into arrays afterwards.
const APPEND = Symbol('append');

function assign(node, parts, value, fullKey) {
  let current = node;
  for (let i = 0; i < parts.length; i += 1) {
    let part = parts[i];
    if (part === '') {
      current[APPEND] = (current[APPEND] ?? countIndexes(current));
      part = String(current[APPEND]);
      current[APPEND] += 1;
    }
    const last = i === parts.length - 1;
    if (last) {
      if (typeof current[part] === 'object' && current[part] !== null) {
        throw new FormError(`Invalid parameter: ${fullKey} is both a value and a hash`, fullKey);
      }
      current[part] = value;
    } else {
      if (current[part] === undefined || current[part] === '') current[part] = {};
      else if (typeof current[part] !== 'object') {
        throw new FormError(`Invalid parameter: ${fullKey} is both a value and a hash`, fullKey);
      }
      current = current[part];
    }
  }
}

function countIndexes(object) {
  return Object.keys(object).filter((key) => /^\d+$/.test(key)).length;
}

function arraysFromIndexes(node) {
  if (typeof node !== 'object' || node === null) return node;
  const keys = Object.keys(node);
  for (const key of keys) node[key] = arraysFromIndexes(node[key]);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys.map(Number).sort((a, b) => a - b).map((index) => node[String(index)]);
  }
  const plain = {};
  for (const key of keys) plain[key] = node[key];
  return plain;
}

/** A canonical text of parsed parameters, for comparing an idempotent retry with its first call. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
