/**
 * Request bodies of the image metadata API (nova/api/openstack/compute/schemas/image_metadata.py).
 * Keys match `^[a-zA-Z0-9-_:. ]{1,255}$`, values are strings of at most 255 characters.
 */
import { Type, type TSchema } from '@sinclair/typebox';

const KEY_PATTERN = '^[a-zA-Z0-9-_:. ]{1,255}$';

function metadata(opts: { single?: boolean; legacy?: boolean } = {}): TSchema {
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    patternProperties: { [KEY_PATTERN]: { type: 'string', maxLength: 255 } },
    // Nova's v2.0-compatible mode ignores unknown keys errors; the single-item check stays.
    ...(opts.legacy ? {} : { additionalProperties: false }),
    ...(opts.single ? { minProperties: 1, maxProperties: 1 } : {}),
  });
}

const wrap = (key: string, inner: TSchema, legacy: boolean): TSchema =>
  Type.Unsafe({ type: 'object', properties: { [key]: inner }, required: [key], ...(legacy ? {} : { additionalProperties: false }) });

/** POST and PUT /images/{id}/metadata: `{"metadata": {...}}`. */
export const metadataBody = (legacy: boolean): TSchema => (legacy ? METADATA_LEGACY : METADATA);
/** PUT /images/{id}/metadata/{key}: `{"meta": {key: value}}`. */
export const metaItemBody = (legacy: boolean): TSchema => (legacy ? META_LEGACY : META);

const METADATA = wrap('metadata', metadata(), false);
const METADATA_LEGACY = wrap('metadata', metadata({ legacy: true }), true);
const META = wrap('meta', metadata({ single: true }), false);
const META_LEGACY = wrap('meta', metadata({ legacy: true, single: false }), true);
