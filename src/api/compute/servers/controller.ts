/**
 * Servers: create, list, detail, show, update, delete (Nova: compute/servers.py). Each handler
 * validates, makes one domain call and renders the view.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import type { Actor } from '../../../compute/action-log.js';
import type { CreateRequest } from '../../../compute/create.js';
import type { ListFilters } from '../../../compute/instance-queries.js';
import { badRequest } from '../../../errors.js';
import { isUuid } from '../../../util/ids.js';
import type { BlockDevicePlan } from '../../../volume/instance-volumes.js';
import type { RequestContext } from '../../context.js';
import { asBool } from '../../parameter-types.js';
import { validateBody } from '../../validation.js';
import { JsonText } from '../router.js';
import { blockDeviceRequests } from '../volumes/block-device-mapping.js';
import { parseListQuery, nextLink } from './list-query.js';
import { createSchema, updateSchema } from './schemas.js';
import { basicView, detailView } from './view.js';
import { checkVolumeTypes, laterCreateFields } from './create-later.js';
import { viewOptions } from './view-options.js';

type Body = Record<string, unknown>;

/** The last path segment of an id-or-URL reference (Nova: common.get_id_from_href). */
export const idFromHref = (ref: string): string => ref.replace(/\/+$/, '').split('/').pop() ?? '';

export class ServersController {
  constructor(private readonly s: Services) {}

  async index(ctx: RequestContext, req: FastifyRequest, detail: boolean): Promise<Body> {
    const filters: ListFilters = parseListQuery(ctx, req.query as Record<string, unknown>, this.s.config.maxLimit);
    const rows = await this.s.compute.list(ctx, filters);
    const opts = detail ? await viewOptions(this.s, ctx, null, 'list') : {};
    const out: Body = { servers: rows.map((r) => (detail ? detailView(ctx, r, opts) : basicView(ctx, r))) };
    if (rows.length > 0 && rows.length === filters.limit) {
      out.servers_links = [nextLink(ctx, req, detail ? ['servers', 'detail'] : ['servers'], rows[rows.length - 1].uuid)];
    }
    return out;
  }

  async show(ctx: RequestContext, id: string): Promise<JsonText> {
    const inst = await this.s.compute.get(ctx, id);
    const opts = await viewOptions(this.s, ctx, inst.uuid, 'show');
    // The answer depends on the row, on how this request sees it and on the options: rendered and
    // serialised once for each, until the server is written (clients poll their servers).
    const key = `${ctx.viewKey}|${opts.hostStatus?.(inst.host) ?? ''}|${opts.serverGroups?.join(',') ?? ''}`;
    return this.s.compute.derived(inst, key, () => new JsonText({ server: detailView(ctx, inst, opts) }));
  }

  async create(ctx: RequestContext, req: FastifyRequest, reply: FastifyReply): Promise<Body> {
    const raw = (req.body ?? {}) as Body;
    // The seed writes the hints key as "os: scheduler_hints" (a slip); read it as os:scheduler_hints.
    if (raw && typeof raw === 'object' && 'os: scheduler_hints' in raw && !('os:scheduler_hints' in raw)) {
      const { 'os: scheduler_hints': hints, ...rest } = raw;
      Object.assign(raw, { ...rest, 'os:scheduler_hints': hints });
      delete raw['os: scheduler_hints'];
    }
    const body = validateBody(createSchema(ctx.mv), raw, { legacy: ctx.legacy }) as unknown as { server: Body } & Body;
    const request = await this.#createRequest(ctx, body);
    const result = await this.s.compute.create(ctx, request);
    reply.code(202);
    if (asBool(body.server.return_reservation_id)) return { reservation_id: result.reservationId };
    const first = result.instances[0];
    reply.header('location', ctx.selfLink('servers', first.uuid));
    return {
      server: {
        id: first.uuid,
        links: ctx.links('servers', first.uuid),
        'OS-DCF:diskConfig': first.disk_config,
        security_groups: (JSON.parse(first.security_groups) as string[]).map((name) => ({ name })),
        adminPass: result.adminPass,
      },
    };
  }

  async #createRequest(ctx: RequestContext, body: { server: Body } & Body): Promise<CreateRequest> {
    const s = body.server;
    const minCount = s.min_count === undefined ? 1 : Number(s.min_count);
    const maxCount = s.max_count === undefined ? minCount : Number(s.max_count);
    if (minCount > maxCount) throw badRequest('min_count must be <= max_count');
    const imageRef = typeof s.imageRef === 'string' ? idFromHref(s.imageRef) : '';
    if (imageRef && !isUuid(imageRef)) throw badRequest('Invalid imageRef provided.');
    checkVolumeTypes(s.block_device_mapping_v2);
    const blockDevices = await checkBlockDevices(this.s, ctx, s, imageRef, { min: minCount, max: maxCount });
    const bootFromVolume = blockDevices.some((b) => b.bootIndex === 0 && b.destination === 'volume');
    if (!imageRef && !bootFromVolume) throw badRequest('Missing imageRef attribute');
    const hints = (body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'] ?? {}) as Record<string, unknown>;
    return {
      name: String(s.name).trim(),
      imageRef,
      flavorRef: idFromHref(String(s.flavorRef)),
      metadata: s.metadata as Record<string, string> | undefined,
      personality: injectedFiles(s.personality),
      userData: s.user_data as string | undefined,
      keyName: s.key_name as string | undefined,
      availabilityZone: s.availability_zone as string | undefined,
      accessIPv4: s.accessIPv4 as string | undefined,
      accessIPv6: s.accessIPv6 as string | undefined,
      diskConfig: s['OS-DCF:diskConfig'] as 'AUTO' | 'MANUAL' | undefined,
      configDrive: asBool(s.config_drive),
      minCount,
      maxCount,
      securityGroups: (s.security_groups as Array<{ name: string }> | undefined)?.map((g) => g.name),
      adminPass: s.adminPass as string | undefined,
      hints,
      bootFromVolume,
      blockDevices,
      description: s.description as string | null | undefined,
      tags: s.tags as string[] | undefined,
      networks: s.networks as CreateRequest['networks'],
      ...laterCreateFields(ctx, s, { maxCount, bootFromVolume: !imageRef }),
    };
  }

  async update(ctx: RequestContext, id: string, rawBody: unknown): Promise<Body> {
    const body = validateBody(updateSchema(ctx.mv), rawBody, { legacy: ctx.legacy }) as unknown as { server: Body };
    const s = body.server;
    const inst = await this.s.compute.update(ctx, id, {
      name: s.name === undefined ? undefined : String(s.name).trim(),
      accessIPv4: s.accessIPv4 as string | null | undefined,
      accessIPv6: s.accessIPv6 as string | null | undefined,
      diskConfig: s['OS-DCF:diskConfig'] as 'AUTO' | 'MANUAL' | undefined,
      description: s.description as string | null | undefined,
      hostname: s.hostname as string | undefined,
    });
    return { server: detailView(ctx, inst, await viewOptions(this.s, ctx, inst.uuid, 'update')) };
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.s.compute.delete(ctx, id);
  }
}

/**
 * Nova's block device mapping checks: the request's mappings are read (400s for malformed ones)
 * and resolved through the volume store — an unknown volume is Nova's
 * `Block Device Mapping is Invalid: failed to get volume <id>.`
 */
async function checkBlockDevices(
  services: Services, actor: Actor, s: Body, imageRef: string, count: { min: number; max: number },
): Promise<BlockDevicePlan[]> {
  const legacy = s.block_device_mapping as Body[] | undefined;
  const v2 = s.block_device_mapping_v2 as Body[] | undefined;
  if (legacy && v2) throw badRequest('Using different block_device_mapping syntaxes is not allowed in the same request.');
  const plans = await services.volumes.planBlockDevices(actor, blockDeviceRequests(legacy, v2, imageRef), count);
  const hasRoot = plans.some((b) => b.bootIndex === 0 && b.destination === 'volume');
  if (!imageRef && !hasRoot && (legacy?.length || v2?.length)) {
    throw badRequest('Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.');
  }
  return plans;
}

/** Nova (servers.py _get_injected_files): the schema lets an item lack path or contents; the controller refuses it. */
function injectedFiles(personality: unknown): CreateRequest['personality'] {
  if (personality === undefined) return undefined;
  const items = personality as Array<{ path?: string; contents?: string }>;
  for (const item of items) {
    for (const key of ['path', 'contents'] as const) {
      if (item[key] === undefined) throw badRequest(`Bad personality format: missing '${key}'`);
    }
  }
  return items as CreateRequest['personality'];
}
