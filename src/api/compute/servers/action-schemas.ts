/** Request schemas of server actions, structurally as Nova's schemas/*.py for each action. */
import { Type, type TSchema } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';

const action = (key: string, body: TSchema, required = true): TSchema =>
  Type.Object({ [key]: body }, { additionalProperties: false, required: required ? [key] : [] });

export const reboot = action('reboot', Type.Object({
  type: p.StrEnum(['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']),
}, { additionalProperties: false }));

export const resize = action('resize', Type.Object({
  flavorRef: p.flavorRef,
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
}, { additionalProperties: false }));

export const rebuild = action('rebuild', Type.Object({
  name: Type.Optional(p.name),
  imageRef: Type.String(),
  adminPass: Type.Optional(p.adminPassword),
  metadata: Type.Optional(p.metadata),
  preserve_ephemeral: Type.Optional(p.boolean),
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
  accessIPv4: Type.Optional(p.ipv4),
  accessIPv6: Type.Optional(p.ipv6),
  personality: Type.Optional(p.personality),
}, { additionalProperties: false }));

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

export const migrateLive = action('os-migrateLive', Type.Object({
  block_migration: p.boolean,
  disk_over_commit: p.boolean,
  host: Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 255 }),
}, { additionalProperties: false }));

export const evacuate = action('evacuate', Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  onSharedStorage: p.boolean,
  adminPass: Type.Optional(p.adminPassword),
}, { additionalProperties: false }));

const securityGroupName = Type.Object({ name: p.name }, { additionalProperties: false });
export const addSecurityGroup = action('addSecurityGroup', securityGroupName);
export const removeSecurityGroup = action('removeSecurityGroup', securityGroupName);
