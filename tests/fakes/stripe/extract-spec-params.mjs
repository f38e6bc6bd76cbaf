#!/usr/bin/env node
// Regenerates spec-params.json from Stripe's published OpenAPI spec:
//   node tests/fakes/stripe/extract-spec-params.mjs <spec3.json> --commit <sha> --date <yyyy-mm-dd>
// (spec3.json from https://github.com/stripe/openapi, file openapi/spec3.json at that commit).
// The endpoints and nested names to extract are those already in spec-params.json; its
// "additions" section is kept as it is. Node builtins only.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TARGET = fileURLToPath(new URL('./spec-params.json', import.meta.url));

// An object schema's property names, looking through anyOf (Stripe's "value or empty string").
function objectSchema(schema) {
  if (!schema) return null;
  if (schema.properties) return schema;
  for (const option of schema.anyOf ?? []) {
    const found = objectSchema(option.type === 'array' ? option.items : option);
    if (found) return found;
  }
  if (schema.type === 'array') return objectSchema(schema.items);
  return null;
}

/** The allowed top-level names of `METHOD /path`, and the keys one level below each dotted name. */
export function extract(spec, key, nestedNames = []) {
  const [method, path] = key.split(' ');
  const operation = spec.paths?.[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the spec has no ${key}`);
  let params;
  let body = null;
  if (method === 'GET') {
    params = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  } else {
    body = operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema ?? { properties: {} };
    params = Object.keys(body.properties ?? {});
  }
  const entry = { params: params.sort() };
  if (nestedNames.length) {
    entry.nested = {};
    for (const name of nestedNames) {
      let schema = body;
      for (const segment of name.split('.')) {
        schema = objectSchema(objectSchema(schema)?.properties?.[segment]);
        if (!schema) throw new Error(`the spec has no ${name} under ${key}`);
      }
      entry.nested[name] = Object.keys(schema.properties).sort();
    }
  }
  return entry;
}

function main(argv) {
  const file = argv[0];
  const option = (name) => {
    const at = argv.indexOf(name);
    return at > 0 ? argv[at + 1] : null;
  };
  if (!file) {
    process.stderr.write('usage: extract-spec-params.mjs <spec3.json> --commit <sha> --date <yyyy-mm-dd>\n');
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const current = JSON.parse(readFileSync(TARGET, 'utf8'));
  const endpoints = {};
  for (const [key, entry] of Object.entries(current.endpoints)) {
    endpoints[key] = extract(spec, key, Object.keys(entry.nested ?? {}));
  }
  const result = {
    source: { ...current.source, commit: option('--commit') ?? 'unknown', commitDate: option('--date') ?? 'unknown' },
    endpoints,
    additions: current.additions,
  };
  writeFileSync(TARGET, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${TARGET} (${Object.keys(endpoints).length} endpoints)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
