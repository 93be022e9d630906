/** Server metadata, ips and instance actions (Nova: server_metadata.py, ips.py, instance_actions.py). */
import type { Services } from '../../../app.js';
import { badRequest, notFound } from '../../../errors.js';
import { isoMicros } from '../../../util/time.js';
import type { RequestContext } from '../../context.js';
import { validateBody } from '../../validation.js';
import { metadataBody, metaItemBody } from './schemas.js';
import { plainAddresses } from './view.js';

type Body = Record<string, unknown>;

export class ServerSubresources {
  constructor(private readonly s: Services) {}

  async listMetadata(ctx: RequestContext, id: string): Promise<Body> {
    return { metadata: await this.s.compute.metadata(ctx, id) };
  }

  async setMetadata(ctx: RequestContext, id: string, body: unknown, replace: boolean): Promise<Body> {
    const b = validateBody(metadataBody, body, { legacy: ctx.legacy }) as { metadata: Record<string, string> };
    return { metadata: await this.s.compute.setMetadata(ctx, id, b.metadata, replace) };
  }

  async showMetadataItem(ctx: RequestContext, id: string, key: string): Promise<Body> {
    const meta = await this.s.compute.metadata(ctx, id);
    if (!(key in meta)) throw notFound('Metadata item was not found');
    return { meta: { [key]: meta[key] } };
  }

  async setMetadataItem(ctx: RequestContext, id: string, key: string, body: unknown): Promise<Body> {
    const raw = body as { meta?: Record<string, unknown> } | undefined;
    if (raw && raw.meta && typeof raw.meta === 'object' && Object.keys(raw.meta).length > 1) throw badRequest('Request body contains too many items');
    const b = validateBody(metaItemBody, body, { legacy: ctx.legacy }) as { meta: Record<string, string> };
    if (!(key in b.meta)) throw badRequest('Request body and URI mismatch');
    await this.s.compute.setMetadata(ctx, id, b.meta, false);
    return { meta: b.meta };
  }

  async deleteMetadataItem(ctx: RequestContext, id: string, key: string): Promise<void> {
    await this.s.compute.deleteMetadataItem(ctx, id, key);
  }

  async ips(ctx: RequestContext, id: string): Promise<Body> {
    const inst = await this.s.compute.get(ctx, id);
    return { addresses: plainAddresses(inst.addresses) };
  }

  async ipsByNetwork(ctx: RequestContext, id: string, network: string): Promise<Body> {
    const inst = await this.s.compute.get(ctx, id);
    const all = plainAddresses(inst.addresses);
    if (!(network in all)) throw notFound('Instance is not a member of specified network');
    return { [network]: all[network] };
  }

  /** Nova: from 2.21 the actions of a deleted server can still be read. */
  async #actionsOf(ctx: RequestContext, id: string): Promise<void> {
    await this.s.compute.queries.get(ctx, id, { includeDeleted: ctx.mv.atLeast('2.21') });
  }

  async instanceActions(ctx: RequestContext, id: string): Promise<Body> {
    await this.#actionsOf(ctx, id);
    const rows = await this.s.compute.queries.actions(id);
    return { instanceActions: rows.map((r) => actionView(r)) };
  }

  async instanceAction(ctx: RequestContext, id: string, requestId: string): Promise<Body> {
    await this.#actionsOf(ctx, id);
    const row = (await this.s.compute.queries.actions(id)).find((r) => r.request_id === requestId);
    if (!row) throw notFound(`Action ${requestId} could not be found.`);
    const view: Body = actionView(row);
    // Nova: events are shown to admins (policy os-instance-actions:events); from 2.51 to everyone,
    // without the traceback.
    if (ctx.isAdmin || ctx.mv.atLeast('2.51')) {
      view.events = (await this.s.compute.queries.actionEvents(row.id)).map((e) => ({
        event: e.event, start_time: isoMicros(e.start_time), finish_time: isoMicros(e.finish_time), result: e.result,
        ...(ctx.isAdmin ? { traceback: e.traceback } : {}),
      }));
    }
    return { instanceAction: view };
  }
}

function actionView(r: { action: string; instance_uuid: string; message: string | null; project_id: string; request_id: string; start_time: string; user_id: string }): Body {
  return {
    action: r.action, instance_uuid: r.instance_uuid, message: r.message, project_id: r.project_id,
    request_id: r.request_id, start_time: isoMicros(r.start_time), user_id: r.user_id,
  };
}
