/** Glance v2's image JSON: core fields, then every additional property as a top-level string. */
import type { Image } from '../../image/service.js';

/** Glance's own timestamps: 2011-01-01T01:02:03Z */
export const glanceTime = (stored: string): string => `${stored.slice(0, 19)}Z`;

/** Attributes Glance computes or owns; clients cannot set them as properties. */
export const READ_ONLY = new Set([
  'id', 'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at',
  'updated_at', 'self', 'file', 'schema', 'direct_url', 'locations', 'owner',
]);

/** Core attributes clients may set at creation and by PATCH. */
export const CORE_WRITABLE = new Set([
  'name', 'visibility', 'protected', 'os_hidden', 'min_ram', 'min_disk', 'disk_format', 'container_format', 'tags',
]);

export const RESERVED = new Set(['deleted', 'deleted_at']);

export function imageView(image: Image): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(image.properties)) {
    if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return Object.assign(out, {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    protected: image.protected,
    os_hidden: image.os_hidden,
    checksum: image.checksum,
    os_hash_algo: image.os_hash_value ? 'sha512' : null,
    os_hash_value: image.os_hash_value,
    owner: image.owner,
    size: image.size,
    virtual_size: null,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    disk_format: image.disk_format,
    container_format: image.container_format,
    created_at: glanceTime(image.created_at),
    updated_at: glanceTime(image.updated_at),
    tags: [...image.tags],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  });
}
