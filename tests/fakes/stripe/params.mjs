// Reading Stripe parameters from a parsed form: integers, booleans, enums, ids, metadata, with
// Stripe's words for what is wrong.
import { invalidRequest, parameterMissing } from './errors.mjs';

export function required(params, name) {
  const value = params[name];
  if (value === undefined || value === '') throw parameterMissing(name);
  return value;
}

export function string(params, name, { required: must = false, max = 5000 } = {}) {
  const value = params[name];
  if (value === undefined || value === '') {
    if (must) throw parameterMissing(name);
    return null;
  }
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, name, 'parameter_invalid_string');
  if (value.length > max) throw invalidRequest(`Invalid string: ${name} must be at most ${max} characters`, name, 'parameter_invalid_string');
  return value;
}

export function integer(params, name, { required: must = false, min, max } = {}) {
  const value = params[name];
  if (value === undefined || value === '') {
    if (must) throw parameterMissing(name);
    return null;
  }
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalidRequest(`Invalid integer: ${typeof value === 'string' ? value : JSON.stringify(value)}`, name, 'parameter_invalid_integer');
  }
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw invalidRequest(`Invalid integer: ${value}`, name, 'parameter_invalid_integer');
  if (min !== undefined && number < min) {
    throw invalidRequest(`This value must be greater than or equal to ${min}.`, name, 'parameter_invalid_integer');
  }
  if (max !== undefined && number > max) {
    throw invalidRequest(`This value must be less than or equal to ${max}.`, name, 'parameter_invalid_integer');
  }
  return number;
}

export function boolean(params, name) {
  const value = params[name];
  if (value === undefined || value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${typeof value === 'string' ? value : JSON.stringify(value)}`, name, 'parameter_invalid_boolean');
}

export function oneOf(params, name, values, { required: must = false } = {}) {
  const value = string(params, name, { required: must });
  if (value === null) return null;
  if (!values.includes(value)) {
    throw invalidRequest(`Invalid ${name}: must be one of ${values.join(', ')}`, name, 'parameter_invalid_string');
  }
  return value;
}

export function hash(params, name) {
  const value = params[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid hash`, name, 'parameter_invalid_hash');
  return value;
}

export function list(params, name) {
  const value = params[name];
  if (value === undefined || value === '') return null;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, name, 'parameter_invalid_array');
  return value;
}

/** Metadata as Stripe keeps it: at most 50 keys of 40 characters, values of 500; empty values unset. */
export function metadata(params, name = 'metadata', prefix = name, base = {}) {
  const value = params[name];
  if (value === undefined) return { ...base };
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', prefix, 'parameter_invalid_hash');
  const result = { ...base };
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(entry)}`, `${prefix}[${key}]`, 'parameter_invalid_string');
    if (key.length > 40) throw invalidRequest(`Metadata keys can have a maximum length of 40 characters.`, `${prefix}[${key}]`);
    if (entry.length > 500) throw invalidRequest(`Metadata values can have a maximum length of 500 characters.`, `${prefix}[${key}]`);
    if (entry === '') delete result[key];
    else result[key] = entry;
  }
  if (Object.keys(result).length > 50) throw invalidRequest('Metadata can have at most 50 keys.', prefix);
  return result;
}

// The currencies Stripe accepts (lower case); upper case is taken too and answered in lower case.
const CURRENCIES = new Set(`usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd
  bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd
  hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt
  mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr
  sek sgd shp sle sos srd std szl thb tjs top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar
  zmw`.split(/\s+/));

export function currency(params, name, { required: must = false, param = name } = {}) {
  const value = params[name];
  if (value === undefined || value === '') {
    if (must) throw parameterMissing(param);
    return null;
  }
  const lower = String(value).toLowerCase();
  if (!CURRENCIES.has(lower)) {
    throw invalidRequest(`Invalid currency: ${value}. Stripe currently supports these currencies: ${[...CURRENCIES].join(', ')}`, param);
  }
  return lower;
}

// Currencies whose amounts have no minor unit, or three decimals (for the checkout page's words).
const ZERO_DECIMAL = new Set('bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '));
const THREE_DECIMAL = new Set('bhd jod kwd omr tnd'.split(' '));

/** `12.50 QAR` from 1250 and qar, with integers only. */
export function formatAmount(minor, code) {
  const decimals = ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
  const text = String(minor).padStart(decimals + 1, '0');
  const whole = decimals ? text.slice(0, -decimals) : text;
  const fraction = decimals ? `.${text.slice(-decimals)}` : '';
  return `${whole}${fraction} ${code.toUpperCase()}`;
}
