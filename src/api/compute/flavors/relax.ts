/**
 * Nova's v2.0-compatible mode (the legacy /v2 endpoint): where a schema refuses unknown keys,
 * they are dropped instead (nova/api/validation/validators.py _soft_validate_additional_properties).
 */
type Schema = {
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  patternProperties?: unknown;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of `body` without the keys `schema` does not know (recursively); other values as they are. */
export function dropUnknownKeys(schema: unknown, body: unknown): unknown {
  const s = schema as Schema;
  if (!isPlainObject(body) || !s.properties) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const sub = s.properties[k];
    if (sub) out[k] = dropUnknownKeys(sub, v);
    else if (s.additionalProperties !== false || s.patternProperties) out[k] = v;
  }
  return out;
}
