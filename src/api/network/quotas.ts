/**
 * Neutron's quota reads under /networking (GET /v2.0/quotas/{project} and .../default), as
 * `openstack quota show` reads them: DevStack's Neutron defaults, except `floatingip`,
 * `security_group` and `security_group_rule`, the limits Novum enforces (Nova's floating_ips,
 * security_groups and security_group_rules quotas, shared by both APIs).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { DEFAULT_CLASS } from '../../compute/quotas.js';
import { NeutronError } from './errors.js';

/** Neutron's quota_* defaults. */
const DEFAULTS: Readonly<Record<string, number>> = {
  network: 100, subnet: 100, subnetpool: -1, port: 500, router: 10, floatingip: 50,
  security_group: 10, security_group_rule: 100, rbac_policy: 10,
};

/** The quotas Novum enforces for both APIs, kept as Nova's quota resources. */
const shared = (limits: Record<string, number>): Record<string, number> => ({
  floatingip: limits.floating_ips, security_group: limits.security_groups, security_group_rule: limits.security_group_rules,
});

function targetProject(req: FastifyRequest): string {
  const p = req.principal!;
  const id = (req.params as { project_id: string }).project_id;
  if (id !== p.projectId && !p.isAdmin) throw new NeutronError(403, 'NotAuthorized', 'Not authorized.');
  return id;
}

export function quotaRoutes(app: FastifyInstance, s: Services): void {
  app.get('/v2.0/quotas/:project_id', async (req) => {
    const limits = await s.quotas.limitsFor(targetProject(req));
    return { quota: { ...DEFAULTS, ...shared(limits) } };
  });
  app.get('/v2.0/quotas/:project_id/default', async (req) => {
    targetProject(req);
    const limits = await s.quotas.classLimits(DEFAULT_CLASS);
    return { quota: { ...DEFAULTS, ...shared(limits) } };
  });
}
