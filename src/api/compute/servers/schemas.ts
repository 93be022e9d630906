/**
 * Request schemas of the servers API, structurally as Nova's schemas/servers.py (v2.1 base).
 * Differences Novum allows on purpose (docs/compatibility.md): imageRef may be a URL as the seed
 * documents, and `networks` may be "auto"/"none" at every microversion (clients send them).
 */
import { Type } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';

const bdmV2 = Type.Object({
  virtual_name: Type.Optional(Type.String({ maxLength: 255 })),
  volume_id: Type.Optional(Type.String()),
  snapshot_id: Type.Optional(Type.String()),
  volume_size: Type.Optional(Type.Unsafe({ type: ['integer', 'string', 'null'], pattern: '^[0-9]*$', minimum: 1 })),
  device_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  delete_on_termination: Type.Optional(p.boolean),
  no_device: Type.Optional(Type.Unsafe({})),
  connection_info: Type.Optional(Type.String({ maxLength: 16777215 })),
  source_type: Type.Optional(p.StrEnum(['volume', 'image', 'snapshot', 'blank'])),
  uuid: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' })),
  image_id: Type.Optional(Type.String()),
  destination_type: Type.Optional(p.StrEnum(['local', 'volume'])),
  guest_format: Type.Optional(Type.String({ maxLength: 255 })),
  device_type: Type.Optional(Type.String({ maxLength: 255 })),
  disk_bus: Type.Optional(Type.String({ maxLength: 255 })),
  boot_index: Type.Optional(Type.Unsafe({ type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$' })),
}, { additionalProperties: false });

const network = Type.Object({
  fixed_ip: Type.Optional(Type.Unsafe({ type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })),
  port: Type.Optional(Type.Unsafe({ oneOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] })),
  uuid: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
}, { additionalProperties: false });

const hints = Type.Object({
  group: Type.Optional(p.uuid),
  different_host: Type.Optional(Type.Unsafe({ oneOf: [{ type: 'string', format: 'uuid' }, { type: 'array', items: { type: 'string', format: 'uuid' } }] })),
  same_host: Type.Optional(Type.Unsafe({ oneOf: [{ type: 'string', format: 'uuid' }, { type: 'array', items: { type: 'string', format: 'uuid' } }] })),
  query: Type.Optional(Type.Unsafe({ type: ['string', 'object'] })),
  target_cell: Type.Optional(Type.String()),
  different_cell: Type.Optional(Type.Unsafe({ type: ['string', 'array'] })),
  build_near_host_ip: Type.Optional(Type.String()),
  cidr: Type.Optional(Type.String()),
}, { additionalProperties: true });

export const createV21 = Type.Object({
  server: Type.Object({
    name: p.name,
    imageRef: Type.Optional(Type.String()),
    flavorRef: p.flavorRef,
    adminPass: Type.Optional(p.adminPassword),
    metadata: Type.Optional(p.metadata),
    networks: Type.Optional(Type.Unsafe({ oneOf: [{ type: 'array', items: network }, { type: 'string', enum: ['none', 'auto'] }] })),
    'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
    accessIPv4: Type.Optional(p.ipv4),
    accessIPv6: Type.Optional(p.ipv6),
    personality: Type.Optional(p.personality),
    availability_zone: Type.Optional(p.name),
    block_device_mapping: Type.Optional(Type.Array(bdmV2)),
    block_device_mapping_v2: Type.Optional(Type.Array(bdmV2)),
    config_drive: Type.Optional(p.boolean),
    key_name: Type.Optional(p.name),
    min_count: Type.Optional(p.positiveInteger),
    max_count: Type.Optional(p.positiveInteger),
    return_reservation_id: Type.Optional(p.boolean),
    security_groups: Type.Optional(Type.Array(Type.Object({ name: p.name }, { additionalProperties: false }))),
    user_data: Type.Optional(Type.String({ format: 'base64', maxLength: 65535 })),
    description: Type.Optional(p.description),
  }, { additionalProperties: false }),
  'os:scheduler_hints': Type.Optional(hints),
  'OS-SCH-HNT:scheduler_hints': Type.Optional(hints),
}, { additionalProperties: false });

export const updateV21 = Type.Object({
  server: Type.Object({
    name: Type.Optional(p.name),
    accessIPv4: Type.Optional(Type.Unsafe({ type: ['string', 'null'], anyOf: [{ format: 'ipv4' }, { type: 'null' }, { maxLength: 0 }] })),
    accessIPv6: Type.Optional(Type.Unsafe({ type: ['string', 'null'], anyOf: [{ format: 'ipv6' }, { type: 'null' }, { maxLength: 0 }] })),
    'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
    description: Type.Optional(p.description),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

export const metadataBody = Type.Object({ metadata: p.metadata }, { additionalProperties: false });
export const metaItemBody = Type.Object({ meta: Type.Unsafe<Record<string, string>>({ ...p.metadata, minProperties: 1, maxProperties: 1 }) }, { additionalProperties: false });
