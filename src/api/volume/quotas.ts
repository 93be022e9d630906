/**
 * Cinder's quota reads: GET .../limits (absolute limits and usage, as `openstack limits show
 * --absolute` reads them) and GET .../os-quota-sets/{project}[?usage=true] and .../defaults
 * (as `openstack quota show` reads them).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { badRequest, policyForbidden } from '../../errors.js';
import { VOLUME_QUOTA_DEFAULTS } from '../../volume/quotas.js';
import { asBool } from '../parameter-types.js';

type Params = { project_id?: string; target?: string };

/** The caller's project after Cinder's URL check, and whether it is an admin. */
function caller(req: FastifyRequest): { projectId: string; isAdmin: boolean } {
  const p = req.principal!;
  const urlProject = (req.params as Params).project_id;
  if (urlProject !== undefined && urlProject !== p.projectId) throw badRequest('Malformed request url');
  return { projectId: p.projectId, isAdmin: p.isAdmin };
}

function target(req: FastifyRequest): string {
  const who = caller(req);
  const t = (req.params as Params).target ?? who.projectId;
  if (t !== who.projectId && !who.isAdmin) throw policyForbidden('volume_extension:quotas:show');
  return t;
}

export function volumeQuotaRoutes(app: FastifyInstance, s: Services, base: string): void {
  const q = s.volumes.quotas;
  app.get(`${base}/limits`, async (req) => {
    const used = await q.usage(caller(req).projectId);
    const d = VOLUME_QUOTA_DEFAULTS;
    return {
      limits: {
        rate: [],
        absolute: {
          maxTotalVolumes: d.volumes, maxTotalSnapshots: d.snapshots, maxTotalVolumeGigabytes: d.gigabytes,
          maxTotalBackups: d.backups, maxTotalBackupGigabytes: d.backup_gigabytes,
          totalVolumesUsed: used.volumes, totalSnapshotsUsed: used.snapshots, totalGigabytesUsed: used.gigabytes,
          totalBackupsUsed: 0, totalBackupGigabytesUsed: 0,
        },
      },
    };
  });
  app.get(`${base}/os-quota-sets/:target/defaults`, async (req) => ({ quota_set: { id: target(req), ...VOLUME_QUOTA_DEFAULTS } }));
  app.get(`${base}/os-quota-sets/:target`, async (req) => {
    const id = target(req);
    const raw = (req.query as { usage?: unknown }).usage;
    const withUsage = asBool(raw);
    if (!withUsage) return { quota_set: { id, ...VOLUME_QUOTA_DEFAULTS } };
    const used = await q.usage(id);
    const sets = Object.entries(VOLUME_QUOTA_DEFAULTS).map(([k, limit]) => [k, { limit, in_use: used[k] ?? 0, reserved: 0 }]);
    return { quota_set: { id, ...Object.fromEntries(sets) } };
  });
}
