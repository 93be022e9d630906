/** Request schema for PUT /os-hosts/{host} (Nova: nova/api/openstack/compute/schemas/hosts.py). */
import { Type } from '@sinclair/typebox';
import { StrEnum } from '../../parameter-types.js';

const toggle = StrEnum(['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE']);

/**
 * Nova: its `anyOf` sits inside `properties`, so it requires nothing and an empty body is
 * accepted (answering only `{"host": ...}`); mirrored.
 */
export const hostUpdate = Type.Unsafe<{ status?: string; maintenance_mode?: string }>({
  type: 'object',
  properties: { status: toggle, maintenance_mode: toggle },
  additionalProperties: false,
});
