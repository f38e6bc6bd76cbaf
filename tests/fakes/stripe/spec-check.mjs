// Refuses, as Stripe does (400 parameter_unknown, naming the parameter), any parameter that
// Stripe's published OpenAPI spec does not define for the endpoint: top-level parameters, and
// the second-level keys of the nested ones listed in spec-params.json (see README.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parameterUnknown } from './errors.mjs';

const SPEC_FILE = fileURLToPath(new URL('./spec-params.json', import.meta.url));

export function loadSpec(file = SPEC_FILE) {
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const endpoints = new Map();
  for (const [key, entry] of Object.entries(spec.endpoints)) {
    endpoints.set(key, { params: new Set(entry.params), nested: entry.nested ?? {} });
  }
  for (const [key, addition] of Object.entries(spec.additions?.endpoints ?? {})) {
    const entry = endpoints.get(key) ?? { params: new Set(), nested: {} };
    for (const param of addition.params ?? []) entry.params.add(param);
    for (const [name, keys] of Object.entries(addition.nested ?? {})) {
      entry.nested[name] = [...new Set([...(entry.nested[name] ?? []), ...keys])];
    }
    endpoints.set(key, entry);
  }
  return endpoints;
}

/**
 * Throws Stripe's parameter_unknown for the first parameter that `key` (e.g. "POST /v1/refunds")
 * does not define: top-level names, then the keys under each listed nested name ("line_items",
 * "line_items.price_data"; for arrays, the keys of each element).
 */
export function checkParams(endpoints, key, params) {
  const entry = endpoints.get(key);
  if (!entry) throw new Error(`spec-params.json has no entry for ${key}`);
  for (const name of Object.keys(params)) {
    if (!entry.params.has(name)) throw parameterUnknown(name);
  }
  for (const [path, allowed] of Object.entries(entry.nested)) {
    for (const { value, at } of valuesAt(params, path.split('.'))) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      for (const inner of Object.keys(value)) {
        if (!allowed.includes(inner)) throw parameterUnknown(`${at}[${inner}]`);
      }
    }
  }
}

// The values at a dotted path, stepping into every element of the arrays met on the way,
// each with its name as Stripe spells it in errors (line_items[0][price_data]).
function valuesAt(params, [first, ...rest]) {
  let found = [{ value: params[first], at: first }];
  const spread = (items) => items.flatMap(({ value, at }) => (Array.isArray(value)
    ? value.map((item, index) => ({ value: item, at: `${at}[${index}]` }))
    : [{ value, at }]));
  found = spread(found);
  for (const segment of rest) {
    found = spread(found
      .filter(({ value }) => value !== null && typeof value === 'object' && !Array.isArray(value) && segment in value)
      .map(({ value, at }) => ({ value: value[segment], at: `${at}[${segment}]` })));
  }
  return found.filter(({ value }) => value !== undefined);
}
