/**
 * Registers the compute route table. Each route's handler gets the request context (principal,
 * microversion, link builder) already built: authentication, the URL's project id check and the
 * microversion headers happen here once, for every compute route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../errors.js';
import { RequestContext } from '../context.js';
import { originOf } from '../http.js';
import { ApiVersion, MIN_VERSION, requestedVersion, versionHeaders } from '../microversion.js';

export type Handler = (ctx: RequestContext, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH';
  /** path below the version and project, e.g. `/servers/:server_id/action` */
  readonly path: string;
  readonly handler: Handler;
  /** success status when the handler does not set one (default 200) */
  readonly status?: number;
  /** the first microversion that has this route; below it Nova answers 404 */
  readonly minVersion?: string;
  /** the last microversion that has this route; above it Nova answers 404 */
  readonly maxVersion?: string;
}

const LEGACY_VERSION = ApiVersion.parse(MIN_VERSION);

/** A JSON answer already serialised (one rendered once and kept, say): sent as it is. */
export class JsonText {
  readonly text: string;

  constructor(body: unknown) {
    this.text = JSON.stringify(body);
  }
}

export function registerComputeRoutes(app: FastifyInstance, routes: readonly RouteDef[], publicUrl: string): void {
  for (const def of routes) {
    app.route({
      method: def.method,
      url: `/_compute${def.path}`,
      handler: async (req, reply) => {
        const route = req.novumCompute!;
        const mv = route.version === 'v2' ? LEGACY_VERSION : requestedVersion(req.headers);
        await app.authenticate(req);
        const principal = req.principal!;
        req.ctx = new RequestContext(principal, req.id, mv, route, originOf(req, publicUrl), req.log);
        if (route.version === 'v2.1') reply.headers(versionHeaders(mv));
        if (route.urlProject !== null && route.urlProject !== principal.projectId) {
          throw badRequest(
            `Malformed request URL: URL's project_id '${route.urlProject}' doesn't match Context's project_id '${principal.projectId}'`,
          );
        }
        const outside = (def.minVersion && !mv.atLeast(def.minVersion)) || (def.maxVersion && !mv.atMost(def.maxVersion));
        if (outside) throw notFound('The resource could not be found.');
        if (def.status) reply.code(def.status);
        const body = await def.handler(req.ctx, req, reply);
        if (body === undefined) return reply.send();
        if (body instanceof JsonText) return reply.header('content-type', 'application/json; charset=utf-8').send(body.text);
        return reply.send(body);
      },
    });
  }
}
