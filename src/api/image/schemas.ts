/** The body of POST /v2/images, as Glance's image schema allows it. */
import { Type } from '@sinclair/typebox';

export const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
export const VISIBILITY = ['public', 'private', 'shared', 'community'];

/** Core attributes and their types; additional properties must be strings. */
export const coreSchemas = {
  id: Type.String({ format: 'uuid' }),
  name: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
  visibility: Type.Unsafe<string>({ enum: VISIBILITY }),
  protected: Type.Boolean(),
  os_hidden: Type.Boolean(),
  min_ram: Type.Integer({ minimum: 0 }),
  min_disk: Type.Integer({ minimum: 0 }),
  disk_format: Type.Unsafe<string | null>({ enum: DISK_FORMATS }),
  container_format: Type.Unsafe<string | null>({ enum: CONTAINER_FORMATS }),
  tags: Type.Array(Type.String({ maxLength: 255 }), { uniqueItems: true }),
};

export const CreateImage = Type.Object(
  Object.fromEntries(Object.entries(coreSchemas).map(([k, s]) => [k, Type.Optional(s)])),
  { additionalProperties: Type.String({ maxLength: 65535 }) },
);
