/** Cinder v3 request bodies (cinder/api/schemas/volumes.py, snapshots.py), as leniently shaped as Cinder's. */
import { Type } from '@sinclair/typebox';
import * as p from '../parameter-types.js';

const nullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

export const cinderVolumeCreate = Type.Object({
  volume: Type.Object({
    size: Type.Optional(Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], pattern: '^[0-9]+$', minimum: 1 })),
    name: Type.Optional(nullableString),
    description: Type.Optional(nullableString),
    display_name: Type.Optional(nullableString),
    display_description: Type.Optional(nullableString),
    imageRef: Type.Optional(nullableString),
    image_id: Type.Optional(nullableString),
    snapshot_id: Type.Optional(nullableString),
    source_volid: Type.Optional(nullableString),
    availability_zone: Type.Optional(nullableString),
    volume_type: Type.Optional(nullableString),
    metadata: Type.Optional(Type.Unsafe<Record<string, string> | null>({ type: ['object', 'null'] })),
    multiattach: Type.Optional(p.boolean),
  }, { additionalProperties: true }),
  'OS-SCH-HNT:scheduler_hints': Type.Optional(Type.Unsafe({ type: ['object', 'null'] })),
}, { additionalProperties: false });

export const cinderSnapshotCreate = Type.Object({
  snapshot: Type.Object({
    volume_id: p.uuid,
    force: Type.Optional(p.boolean),
    name: Type.Optional(nullableString),
    description: Type.Optional(nullableString),
    display_name: Type.Optional(nullableString),
    display_description: Type.Optional(nullableString),
    metadata: Type.Optional(Type.Unsafe({ type: ['object', 'null'] })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

/** Cinder's volume actions Novum serves (cinder/api/schemas/volume_actions.py set_bootable). */
export const cinderSetBootable = Type.Object({
  'os-set_bootable': Type.Object({ bootable: p.boolean }, { additionalProperties: false }),
}, { additionalProperties: false });
