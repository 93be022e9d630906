/** Server metadata and ips (Nova: server_metadata.py, ips.py); instance actions are in ../instance-actions. */
import type { Services } from '../../../app.js';
import { badRequest, notFound } from '../../../errors.js';
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
}
