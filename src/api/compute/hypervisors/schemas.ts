/** os-hypervisors query parameters (Nova: schemas/hypervisors.py). */
import { Type } from '@sinclair/typebox';
import { boolean } from '../../parameter-types.js';
import { nonNegativeInt } from '../flavors/schemas.js';
import { fqdn } from '../services/schemas.js';

/** 2.33: paging only; any other parameter is refused. */
export const pagingQuery = Type.Unsafe({
  type: 'object',
  properties: { limit: nonNegativeInt, marker: { type: 'string' } },
  additionalProperties: false,
});

/** 2.53: paging, the hostname pattern and with_servers; nothing else. */
export const listQueryV253 = Type.Unsafe({
  type: 'object',
  properties: { limit: nonNegativeInt, marker: { type: 'string' }, hypervisor_hostname_pattern: fqdn, with_servers: boolean },
  additionalProperties: false,
});

/** 2.53: GET /os-hypervisors/{uuid}?with_servers= */
export const showQueryV253 = Type.Unsafe({
  type: 'object',
  properties: { with_servers: boolean },
  additionalProperties: false,
});
