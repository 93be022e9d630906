/** os-hypervisors query parameters (Nova: schemas/hypervisors.py). */
import { Type } from '@sinclair/typebox';
import { nonNegativeInt } from '../flavors/schemas.js';

/** 2.33: paging only; any other parameter is refused. */
export const pagingQuery = Type.Unsafe({
  type: 'object',
  properties: { limit: nonNegativeInt, marker: { type: 'string' } },
  additionalProperties: false,
});
