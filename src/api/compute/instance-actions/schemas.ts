/** Query schemas of os-instance-actions (Nova: schemas/instance_actions.py). */
import { Type } from '@sinclair/typebox';
import { nonNegativeInt } from '../flavors/schemas.js';

const dateTime = { type: 'string', format: 'date-time' };

/** GET /servers/{id}/os-instance-actions from 2.58: paging and changes-since, nothing else. */
export const indexQueryV258 = Type.Unsafe({
  type: 'object',
  properties: { limit: nonNegativeInt, marker: { type: 'string' }, 'changes-since': dateTime },
  additionalProperties: false,
});

/** 2.66: and changes-before. */
export const indexQueryV266 = Type.Unsafe({
  type: 'object',
  properties: { limit: nonNegativeInt, marker: { type: 'string' }, 'changes-since': dateTime, 'changes-before': dateTime },
  additionalProperties: false,
});
