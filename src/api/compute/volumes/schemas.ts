/**
 * Request schemas of Nova's volume proxies and volume attachments, structurally as Nova's
 * schemas/volumes.py (v2.1 base) — os-volumes create, os-snapshots create, attach and swap.
 */
import { Type } from '@sinclair/typebox';
import * as p from '../../parameter-types.js';

export const volumeCreate = Type.Object({
  volume: Type.Object({
    volume_type: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Unsafe<Record<string, string>>({ type: 'object' })),
    snapshot_id: Type.Optional(Type.String()),
    size: Type.Unsafe<number | string>({ type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1 }),
    availability_zone: Type.Optional(Type.String()),
    display_name: Type.Optional(Type.String()),
    display_description: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

export const snapshotCreate = Type.Object({
  snapshot: Type.Object({
    volume_id: Type.String(),
    force: Type.Optional(p.boolean),
    display_name: Type.Optional(Type.String()),
    display_description: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** Nova: the device pattern of block_device.match_device. */
const device = Type.Unsafe<string | null>({ type: ['string', 'null'], pattern: '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$' });

/** Nova: parameter_types.tag */
const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

export const attachV20 = Type.Object({
  volumeAttachment: Type.Object({
    volumeId: p.uuid,
    device: Type.Optional(device),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** 2.49: a device `tag` (Nova: parameter_types.tag). */
export const attachV249 = Type.Object({
  volumeAttachment: Type.Object({
    volumeId: p.uuid,
    device: Type.Optional(device),
    tag: Type.Optional(tag),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** 2.79: and `delete_on_termination`. */
export const attachV279 = Type.Object({
  volumeAttachment: Type.Object({
    volumeId: p.uuid,
    device: Type.Optional(device),
    tag: Type.Optional(tag),
    delete_on_termination: Type.Optional(p.boolean),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** 2.85: PUT may repeat what GET shows; only delete_on_termination (or volumeId: a swap) changes. */
export const updateV285 = Type.Object({
  volumeAttachment: Type.Object({
    volumeId: p.uuid,
    device: Type.Optional(device),
    tag: Type.Optional(tag),
    delete_on_termination: Type.Optional(p.boolean),
    serverId: Type.Optional(p.uuid),
    id: Type.Optional(p.uuid),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** GET os-volume_attachments from 2.75: `limit` and `offset` only. */
export const attachmentsQueryV275 = Type.Unsafe({
  type: 'object', properties: { limit: p.nonNegativeInteger, offset: p.nonNegativeInteger }, additionalProperties: false,
});

export const swapV20 = Type.Object({
  volumeAttachment: Type.Object({
    volumeId: p.uuid,
  }, { additionalProperties: false }),
}, { additionalProperties: false });
