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

/** Throws Stripe's parameter_unknown for the first parameter `key` (e.g. "POST /v1/refunds") does not define. */
export function checkParams(endpoints, key, params) {
  const entry = endpoints.get(key);
  if (!entry) throw new Error(`spec-params.json has no entry for ${key}`);
  for (const [name, value] of Object.entries(params)) {
    if (!entry.params.has(name)) throw parameterUnknown(name);
    const allowed = entry.nested[name];
    if (!allowed || value === null || typeof value !== 'object') continue;
    const check = (object, prefix) => {
      if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
      for (const inner of Object.keys(object)) {
        if (!allowed.includes(inner)) throw parameterUnknown(`${prefix}[${inner}]`);
      }
    };
    if (Array.isArray(value)) value.forEach((item, index) => check(item, `${name}[${index}]`));
    else check(value, name);
  }
}
