/**
 * Request schemas of the servers API, structurally as Nova's schemas/servers.py (v2.1 base).
 * Differences Novum allows on purpose (docs/compatibility.md): imageRef may be a URL as the seed
 * documents, and `networks` may be "auto"/"none" at every microversion (clients send them).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { ApiVersion } from '../../microversion.js';
import * as p from '../../parameter-types.js';

const bdmProps = {
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
};

/** Nova: parameter_types.trusted_certs (2.63). */
export const trustedCerts = Type.Unsafe<string[] | null>({
  type: ['array', 'null'], minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', minLength: 1 },
});
/** Nova: parameter_types.hostname (2.90). */
export const hostname = Type.Unsafe<string>({ type: 'string', pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$', minLength: 2, maxLength: 63 });
/** Nova: parameter_types.fqdn (2.74 host and hypervisor_hostname). */
const fqdn = Type.Unsafe<string>({ type: 'string', pattern: '^[a-zA-Z0-9-._]*$', minLength: 1, maxLength: 255 });

/** A device or server tag (Nova: parameter_types.tag). */
const deviceTag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

const networkProps = {
  fixed_ip: Type.Optional(Type.Unsafe({ type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })),
  port: Type.Optional(Type.Unsafe({ oneOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] })),
  uuid: Type.Optional(Type.String()),
};

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

const createProps = {
  name: p.name,
  imageRef: Type.Optional(Type.String()),
  flavorRef: p.flavorRef,
  adminPass: Type.Optional(p.adminPassword),
  metadata: Type.Optional(p.metadata),
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
  accessIPv4: Type.Optional(p.ipv4),
  accessIPv6: Type.Optional(p.ipv6),
  availability_zone: Type.Optional(p.name),
  config_drive: Type.Optional(p.boolean),
  key_name: Type.Optional(p.name),
  min_count: Type.Optional(p.positiveInteger),
  max_count: Type.Optional(p.positiveInteger),
  return_reservation_id: Type.Optional(p.boolean),
  security_groups: Type.Optional(Type.Array(Type.Object({ name: p.name }, { additionalProperties: false }))),
  user_data: Type.Optional(Type.String({ format: 'base64', maxLength: 65535 })),
};

/** What differs between the create schemas of Nova's microversions. */
interface CreateShape {
  /** 2.19 */
  readonly description: boolean;
  /** 2.32-2.36 and from 2.42 (a Nova bug dropped it in between) */
  readonly networkTag: boolean;
  /** 2.32, and from 2.42 */
  readonly bdmTag: boolean;
  /** 2.37: `networks` is required and a network `uuid` must be a UUID */
  readonly networksRequired: boolean;
  /** 2.52: `tags` */
  readonly tags: boolean;
  /** up to 2.56: `personality` (2.57 removed it) */
  readonly personality: boolean;
  /** 2.63: `trusted_image_certificates` */
  readonly trustedCerts: boolean;
  /** 2.67: `volume_type` in block_device_mapping_v2 */
  readonly volumeType: boolean;
  /** 2.74: `host` and `hypervisor_hostname` */
  readonly host: boolean;
  /** 2.90: `hostname` */
  readonly hostname: boolean;
}

function createShape(mv: ApiVersion): CreateShape {
  const restored = mv.atLeast('2.42');
  return {
    description: mv.atLeast('2.19'),
    networkTag: restored || (mv.atLeast('2.32') && !mv.atLeast('2.37')),
    bdmTag: restored || (mv.atLeast('2.32') && !mv.atLeast('2.33')),
    networksRequired: mv.atLeast('2.37'),
    tags: mv.atLeast('2.52'),
    personality: !mv.atLeast('2.57'),
    trustedCerts: mv.atLeast('2.63'),
    volumeType: mv.atLeast('2.67'),
    host: mv.atLeast('2.74'),
    hostname: mv.atLeast('2.90'),
  };
}

function buildCreate(shape: CreateShape): TSchema {
  const tag = { tag: Type.Optional(deviceTag) };
  const network = Type.Object({
    ...networkProps,
    ...(shape.networksRequired ? { uuid: Type.Optional(p.uuid) } : {}),
    ...(shape.networkTag ? tag : {}),
  }, { additionalProperties: false });
  const bdm = Type.Object({ ...bdmProps, ...(shape.bdmTag ? tag : {}) }, { additionalProperties: false });
  const volumeType = { volume_type: Type.Optional(Type.Unsafe({ type: ['string', 'null'], minLength: 0, maxLength: 255 })) };
  const bdmV2 = Type.Object({ ...bdmProps, ...(shape.bdmTag ? tag : {}), ...(shape.volumeType ? volumeType : {}) }, { additionalProperties: false });
  // Novum takes "auto"/"none" at every microversion (docs/compatibility.md); Nova from 2.37.
  const networks = Type.Unsafe({ oneOf: [{ type: 'array', items: network }, { type: 'string', enum: ['none', 'auto'] }] });
  const server = Type.Object({
    ...createProps,
    networks: shape.networksRequired ? networks : Type.Optional(networks),
    block_device_mapping: Type.Optional(Type.Array(bdm)),
    block_device_mapping_v2: Type.Optional(Type.Array(bdmV2)),
    ...(shape.description ? { description: Type.Optional(p.description) } : {}),
    ...(shape.tags ? { tags: Type.Optional(Type.Array(deviceTag, { maxItems: 50 })) } : {}),
    ...laterCreateProps(shape),
  }, { additionalProperties: false });
  return Type.Object({
    server,
    'os:scheduler_hints': Type.Optional(hints),
    'OS-SCH-HNT:scheduler_hints': Type.Optional(hints),
  }, { additionalProperties: false });
}

/** What 2.57-2.90 add to (or take from) the server of a create request. */
function laterCreateProps(shape: CreateShape): Record<string, TSchema> {
  return {
    ...(shape.personality ? { personality: Type.Optional(p.personality) } : {}),
    ...(shape.trustedCerts ? { trusted_image_certificates: Type.Optional(trustedCerts) } : {}),
    ...(shape.host ? { host: Type.Optional(fqdn), hypervisor_hostname: Type.Optional(fqdn) } : {}),
    ...(shape.hostname ? { hostname: Type.Optional(hostname) } : {}),
  };
}

/** By shape (microversions with the same shape share one schema, compiled once), and by microversion. */
const createSchemas = new Map<string, TSchema>();
const createSchemaOf = new Map<string, TSchema>();

/** Nova's create schema of the request's microversion (schemas/servers.py base_create_v2xx). */
export function createSchema(mv: ApiVersion): TSchema {
  const version = String(mv);
  const known = createSchemaOf.get(version);
  if (known) return known;
  const shape = createShape(mv);
  const key = JSON.stringify(shape);
  let schema = createSchemas.get(key);
  if (!schema) {
    schema = buildCreate(shape);
    createSchemas.set(key, schema);
  }
  createSchemaOf.set(version, schema);
  return schema;
}

const updateProps = {
  name: Type.Optional(p.name),
  accessIPv4: Type.Optional(Type.Unsafe({ type: ['string', 'null'], anyOf: [{ format: 'ipv4' }, { type: 'null' }, { maxLength: 0 }] })),
  accessIPv6: Type.Optional(Type.Unsafe({ type: ['string', 'null'], anyOf: [{ format: 'ipv6' }, { type: 'null' }, { maxLength: 0 }] })),
  'OS-DCF:diskConfig': Type.Optional(p.diskConfig),
};
const updateBody = (server: Record<string, TSchema>): TSchema =>
  Type.Object({ server: Type.Object(server, { additionalProperties: false }) }, { additionalProperties: false });

export const updateV21 = updateBody(updateProps);
const updateV219 = updateBody({ ...updateProps, description: Type.Optional(p.description) });
/** 2.90: `hostname`. */
const updateV290 = updateBody({ ...updateProps, description: Type.Optional(p.description), hostname: Type.Optional(hostname) });

export function updateSchema(mv: ApiVersion): TSchema {
  return mv.atLeast('2.90') ? updateV290 : mv.atLeast('2.19') ? updateV219 : updateV21;
}

export const metadataBody = Type.Object({ metadata: p.metadata }, { additionalProperties: false });
export const metaItemBody = Type.Object({ meta: Type.Unsafe<Record<string, string>>({ ...p.metadata, minProperties: 1, maxProperties: 1 }) }, { additionalProperties: false });
