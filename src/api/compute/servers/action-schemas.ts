/** Request schemas of server actions, structurally as Nova's schemas/*.py for each action. */
import { Type, type TSchema } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';
import type { ApiVersion } from '../../microversion.js';

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
/** 2.19: `description`. */
const rebuildV219 = action('rebuild', Type.Object({ ...rebuildProps, description: Type.Optional(p.description) }, { additionalProperties: false }));

/** Nova's rebuild schema of the request's microversion (schemas/servers.py base_rebuild_v2xx). */
export function rebuildSchema(mv: ApiVersion): TSchema {
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

const securityGroupName = Type.Object({ name: p.name }, { additionalProperties: false });
export const addSecurityGroup = action('addSecurityGroup', securityGroupName);
export const removeSecurityGroup = action('removeSecurityGroup', securityGroupName);

/** 2.17 (schemas/servers.py trigger_crash_dump): the value must be null. */
export const triggerCrashDump = action('trigger_crash_dump', Type.Null());
