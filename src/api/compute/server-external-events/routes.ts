/**
 * POST /os-server-external-events (admin; Nova: server_external_events.py): the event names
 * grow with the microversion (2.51 volume-extended, 2.76 power-update, 2.82
 * accelerator-request-bound, 2.93 volume-reimaged). 200 when every event was accepted, else 207
 * with each event's own code.
 */
import { Type } from '@sinclair/typebox';
import type { Services } from '../../../app.js';
import type { ExternalEvent } from '../../../compute/external-events.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import type { RouteDef } from '../router.js';

const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['network-changed', '2.1'], ['network-vif-plugged', '2.1'], ['network-vif-unplugged', '2.1'],
  ['network-vif-deleted', '2.1'], ['volume-extended', '2.51'], ['power-update', '2.76'],
  ['accelerator-request-bound', '2.82'], ['volume-reimaged', '2.93'],
];

/** Nova: objects/external_event.py EVENT_STATUSES */
const STATUSES = ['failed', 'completed', 'in-progress'];

/** The create schema per microversion, made once per set of names (Ajv compiles each schema once). */
const SCHEMAS = new Map<number, object>();

function schemaFor(ctx: RequestContext): object {
  const names = NAMES.filter(([, since]) => ctx.mv.atLeast(since)).map(([n]) => n);
  let schema = SCHEMAS.get(names.length);
  if (!schema) {
    schema = createSchema(names);
    SCHEMAS.set(names.length, schema);
  }
  return schema;
}

function createSchema(names: readonly string[]): object {
  return Type.Unsafe({
    type: 'object',
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            name: { type: 'string', enum: names },
            server_uuid: { type: 'string', format: 'uuid' },
            status: { type: 'string', enum: STATUSES },
            tag: { type: 'string', maxLength: 255 },
          },
          required: ['name', 'server_uuid'],
          additionalProperties: false,
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  });
}

export function serverExternalEventRoutes(s: Services): RouteDef[] {
  return [{
    method: 'POST', path: '/os-server-external-events',
    handler: async (ctx, req, reply) => {
      const body = validateBody(schemaFor(ctx) as never, req.body, { legacy: ctx.legacy }) as { events: ExternalEvent[] };
      ctx.requireAdmin('os_compute_api:os-server-external-events:create');
      const events = await s.compute.externalEvents(ctx, body.events);
      reply.code(events.every((e) => e.code === 200) ? 200 : 207);
      return { events };
    },
  }];
}
