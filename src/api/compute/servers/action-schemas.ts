/** Request schemas of server actions, structurally as Nova's schemas/*.py for each action. */
import { Type, type TSchema } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';
import type { ApiVersion } from '../../microversion.js';
import { hostname, trustedCerts } from './schemas.js';

const action = (key: string, body: TSchema, required = true): TSchema =>
  Type.Object({ [key]: body }, { additionalProperties: false, required: required ? [key] : [] });

export const reboot = action('reboot', Type.Object({
  type: p.StrEnum(['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']),
}, { additionalProperties: false }));

export const resize = action('resize', Type.Object({
  flavorRef: p.flavorRef,
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
}, { additionalProperties: false }));

const rebuildProps = {
  name: Type.Optional(p.name),
  imageRef: Type.String(),
  adminPass: Type.Optional(p.adminPassword),
  metadata: Type.Optional(p.metadata),
  preserve_ephemeral: Type.Optional(p.boolean),
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
  accessIPv4: Type.Optional(p.ipv4),
  accessIPv6: Type.Optional(p.ipv6),
  personality: Type.Optional(p.personality),
};
export const rebuild = action('rebuild', Type.Object(rebuildProps, { additionalProperties: false }));
const rebuildAt = (props: Record<string, TSchema>): TSchema => action('rebuild', Type.Object(props, { additionalProperties: false }));
/** 2.19: `description`. */
const propsV219 = { ...rebuildProps, description: Type.Optional(p.description) };
const rebuildV219 = rebuildAt(propsV219);
/** 2.54: `key_name` (null unsets it). */
const propsV254 = { ...propsV219, key_name: Type.Optional(Type.Unsafe<string | null>({ oneOf: [{ type: 'string', minLength: 1, maxLength: 255 }, { type: 'null' }] })) };
const rebuildV254 = rebuildAt(propsV254);
/** 2.57: no `personality`; `user_data` (null unsets it). */
const { personality: _dropped, ...propsV254NoFiles } = propsV254;
const propsV257 = { ...propsV254NoFiles, user_data: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'base64', maxLength: 65535 })) };
const rebuildV257 = rebuildAt(propsV257);
/** 2.63: `trusted_image_certificates`. */
const propsV263 = { ...propsV257, trusted_image_certificates: Type.Optional(trustedCerts) };
const rebuildV263 = rebuildAt(propsV263);
/** 2.90: `hostname`. */
const rebuildV290 = rebuildAt({ ...propsV263, hostname: Type.Optional(hostname) });

/** Nova's rebuild schema of the request's microversion (schemas/servers.py rebuild_v2xx). */
export function rebuildSchema(mv: ApiVersion): TSchema {
  if (mv.atLeast('2.90')) return rebuildV290;
  if (mv.atLeast('2.63')) return rebuildV263;
  if (mv.atLeast('2.57')) return rebuildV257;
  if (mv.atLeast('2.54')) return rebuildV254;
  return mv.atLeast('2.19') ? rebuildV219 : rebuild;
}

export const changePassword = action('changePassword', Type.Object({ adminPass: p.adminPassword }, { additionalProperties: false }));

export const createImage = action('createImage', Type.Object({
  name: p.name,
  metadata: Type.Optional(p.metadata),
}, { additionalProperties: false }));

export const createBackup = action('createBackup', Type.Object({
  name: p.name,
  backup_type: Type.String(),
  rotation: p.nonNegativeInteger,
  metadata: Type.Optional(p.metadata),
}, { additionalProperties: false }));

export const rescue = action('rescue', Type.Unsafe({
  type: ['object', 'null'],
  properties: { adminPass: p.adminPassword, rescue_image_ref: p.uuid },
  additionalProperties: false,
}));

export const resetState = action('os-resetState', Type.Object({
  state: p.StrEnum(['active', 'error']),
}, { additionalProperties: false }));

const liveHost = Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 255 });
export const migrateLive = action('os-migrateLive', Type.Object({
  block_migration: p.boolean,
  disk_over_commit: p.boolean,
  host: liveHost,
}, { additionalProperties: false }));
/** 2.25: block_migration may be "auto"; disk_over_commit is gone. */
const migrateLiveV225 = action('os-migrateLive', Type.Object({
  block_migration: Type.Unsafe({ anyOf: [p.boolean, { type: 'string', enum: ['auto'] }] }),
  host: liveHost,
}, { additionalProperties: false }));

/** 2.30: `force` skips the scheduler's checks of the named host. */
const migrateLiveV230 = action('os-migrateLive', Type.Object({
  block_migration: Type.Unsafe({ anyOf: [p.boolean, { type: 'string', enum: ['auto'] }] }),
  host: liveHost,
  force: Type.Optional(p.boolean),
}, { additionalProperties: false }));

export function migrateLiveSchema(mv: ApiVersion): TSchema {
  return mv.atLeast('2.30') ? migrateLiveV230 : mv.atLeast('2.25') ? migrateLiveV225 : migrateLive;
}

export const evacuate = action('evacuate', Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  onSharedStorage: p.boolean,
  adminPass: Type.Optional(p.adminPassword),
}, { additionalProperties: false }));
/** 2.14: no onSharedStorage (Nova finds out itself). */
const evacuateV214 = action('evacuate', Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  adminPass: Type.Optional(p.adminPassword),
}, { additionalProperties: false }));

/** 2.29: `force` skips the scheduler's checks of the named host. */
const evacuateV229 = action('evacuate', Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  adminPass: Type.Optional(p.adminPassword),
  force: Type.Optional(p.boolean),
}, { additionalProperties: false }));

export function evacuateSchema(mv: ApiVersion): TSchema {
  return mv.atLeast('2.29') ? evacuateV229 : mv.atLeast('2.14') ? evacuateV214 : evacuate;
}

/** 2.17 (schemas/servers.py trigger_crash_dump): the value must be null. */
export const triggerCrashDump = action('trigger_crash_dump', Type.Null());

/** 2.68: `force` is gone again (the 2.14 schema). */
export function evacuateSchemaV268(mv: ApiVersion): TSchema {
  return mv.atLeast('2.68') ? evacuateV214 : evacuateSchema(mv);
}

/** 2.68: `force` is gone again (the 2.25 schema). */
export function migrateLiveSchemaV268(mv: ApiVersion): TSchema {
  return mv.atLeast('2.68') ? migrateLiveV225 : migrateLiveSchema(mv);
}

const fqdnOrNull = Type.Unsafe<string | null>({ type: ['string', 'null'], pattern: '^[a-zA-Z0-9-._]*$', minLength: 1, maxLength: 255 });
/** 2.56 (schemas/migrate_server.py migrate): an optional destination host. */
export const migrateV256 = action('migrate', Type.Unsafe({ type: ['object', 'null'], properties: { host: fqdnOrNull }, additionalProperties: false }));

/** 2.73 (schemas/lock_server.py lock_v273): an optional reason. */
export const lockV273 = action('lock', Type.Unsafe({
  type: ['object', 'null'], properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } }, additionalProperties: false,
}));

/** 2.77: null, or a zone (required when the object is given). */
export const unshelveV277 = action('unshelve', Type.Unsafe({
  type: ['object', 'null'], properties: { availability_zone: p.name }, required: ['availability_zone'], additionalProperties: false,
}));
/** 2.91: null, or a zone (null unpins) and/or a host. */
export const unshelveV291 = action('unshelve', Type.Unsafe({
  type: ['object', 'null'], properties: { availability_zone: { type: ['string', 'null'] }, host: { type: 'string' } }, additionalProperties: false,
}));
