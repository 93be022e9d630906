/**
 * JSON-Schema validation as Nova does it (nova/api/validation/validators.py): no coercion, no
 * defaults, unknown keys refused where the schema says so, and the first error rendered as
 * `Invalid input for field/attribute <field>. Value: <value>. <message>` with jsonschema's
 * wording of the message and Python's rendering of the value.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { TSchema, Static } from '@sinclair/typebox';
import { badRequest } from '../errors.js';
import { isUuid } from '../util/ids.js';
import { parseIsoTime } from '../util/time.js';

const ajv = new Ajv2020({ allErrors: false, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
ajv.addFormat('uuid', { type: 'string', validate: isUuid });
ajv.addFormat('ipv4', /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/);
ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => isIpv6(s) });
ajv.addFormat('uri', { type: 'string', validate: (s: string) => { try { new URL(s); return true; } catch { return false; } } });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(parseIsoTime(s)) });
// Nova: base64.b64decode without validate ignores characters outside the alphabet.
ajv.addFormat('base64', { type: 'string', validate: (s: string) => s.replace(/[^A-Za-z0-9+/=]/g, '').length % 4 === 0 });

function isIpv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // An embedded IPv4 address (::ffff:1.2.3.4) may only end the address and counts as two groups.
  const last = groups.length > 0 && groups[groups.length - 1].includes('.') ? groups.pop()! : undefined;
  if (last !== undefined && !/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(last)) return false;
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const n = groups.length + (last !== undefined ? 2 : 0);
  return halves.length === 2 ? n < 8 : n === 8;
}

const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

const relaxedCopies = new WeakMap<object, TSchema>();

/** Nova's legacy v2 endpoint validates with the same schemas but lets unknown keys through. */
function relaxed<S extends TSchema>(schema: S): S {
  let copy = relaxedCopies.get(schema);
  if (!copy) {
    copy = JSON.parse(JSON.stringify(schema, (k: string, v: unknown) => (k === 'additionalProperties' && v === false ? undefined : v))) as TSchema;
    relaxedCopies.set(schema, copy);
  }
  return copy as S;
}

/** Validates a request body; throws Nova's 400 on the first error. `legacy`: the /v2 endpoint's relaxed mode. */
export function validateBody<S extends TSchema>(schema: S, body: unknown, opts: { legacy?: boolean } = {}): Static<S> {
  const fn = compile(opts.legacy ? relaxed(schema) : schema);
  if (!fn(body)) throw badRequest(describe(firstError(fn.errors!), body, 'field/attribute'));
  return body as Static<S>;
}

/** Validates query parameters (already a plain object of strings or string lists). */
export function validateQuery<S extends TSchema>(schema: S, query: unknown): Static<S> {
  const fn = compile(schema);
  if (!fn(query)) throw badRequest(describe(firstError(fn.errors!), query, 'query parameters'));
  return query as Static<S>;
}

/**
 * The error jsonschema would raise first. Ajv lists a failing oneOf/anyOf's branch errors before
 * the oneOf itself; Nova reports the oneOf ("... is not valid under any of the given schemas").
 */
function firstError(errors: readonly ErrorObject[]): ErrorObject {
  const first = errors[0];
  const enclosing = errors.filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && first.instancePath.startsWith(e.instancePath));
  if (enclosing.length === 0) return first;
  return enclosing.reduce((a, b) => (b.instancePath.length < a.instancePath.length ? b : a));
}

/** Python's repr of a JSON value, as jsonschema prints it. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur === null || typeof cur !== 'object' ? undefined : (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function message(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `'${String(p.missingProperty)}' is a required property`;
    case 'additionalProperties': return `Additional properties are not allowed ('${String(p.additionalProperty)}' was unexpected)`;
    case 'type': return `${pyRepr(value)} is not of type ${String(p.type).split(',').map((t) => `'${t}'`).join(', ')}`;
    case 'enum': return `${pyRepr(value)} is not one of ${pyRepr(p.allowedValues)}`;
    case 'const': return `${pyRepr(p.allowedValue)} was expected`;
    case 'minLength': return `${pyRepr(value)} is too short`;
    case 'maxLength': return `${pyRepr(value)} is too long`;
    case 'minItems': return `${pyRepr(value)} is too short`;
    case 'maxItems': return `${pyRepr(value)} is too long`;
    case 'minProperties': return `${pyRepr(value)} does not have enough properties`;
    case 'maxProperties': return `${pyRepr(value)} has too many properties`;
    case 'pattern': return `${pyRepr(value)} does not match '${String(p.pattern)}'`;
    case 'format': return `${pyRepr(value)} is not a '${String(p.format)}'`;
    case 'minimum': return `${pyRepr(value)} is less than the minimum of ${String(p.limit)}`;
    case 'maximum': return `${pyRepr(value)} is greater than the maximum of ${String(p.limit)}`;
    case 'exclusiveMinimum': return `${pyRepr(value)} is less than or equal to the minimum of ${String(p.limit)}`;
    case 'uniqueItems': return `${pyRepr(value)} has non-unique elements`;
    case 'anyOf': case 'oneOf': return `${pyRepr(value)} is not valid under any of the given schemas`;
    case 'not': return `${pyRepr(value)} should not be valid under the given schema`;
    default: return e.message ?? 'is invalid';
  }
}

function describe(e: ErrorObject, root: unknown, what: string): string {
  const value = valueAt(root, e.instancePath);
  const msg = message(e, value);
  const path = e.instancePath.split('/').slice(1);
  const field = path.length ? path[path.length - 1] : undefined;
  if (field === undefined) return msg;
  return `Invalid input for ${what} ${field}. Value: ${typeof value === 'string' ? value : pyRepr(value)}. ${msg}`;
}
