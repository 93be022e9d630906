/** GET /extensions and /extensions/{alias} (Nova: compute/extension_info.py). */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app.js';
import { notFound } from '../../../errors.js';
import type { RequestContext } from '../../context.js';
import type { RouteDef } from '../router.js';
import { EXTENSIONS, type ExtensionEntry, LEGACY_ONLY, NAMESPACE, UPDATED } from './catalogue.js';

interface Extension {
  readonly alias: string;
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly updated: string;
  readonly links: readonly never[];
}

const toExtension = ([alias, name, description]: ExtensionEntry): Extension =>
  ({ alias, name, namespace: NAMESPACE, description, updated: UPDATED, links: [] });

/** The extensions a client of this endpoint sees, sorted by alias as Nova sorts them. */
function extensionsFor(ctx: RequestContext): Extension[] {
  const entries = ctx.legacy ? [...EXTENSIONS, ...LEGACY_ONLY] : EXTENSIONS;
  return entries.map(toExtension).sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}

async function show(ctx: RequestContext, req: FastifyRequest): Promise<unknown> {
  const alias = (req.params as Record<string, string>).alias;
  const ext = extensionsFor(ctx).find((e) => e.alias === alias);
  // Nova: a bare HTTPNotFound, so webob's default text.
  if (!ext) throw notFound('The resource could not be found.');
  return { extension: ext };
}

export function extensionRoutes(_s: Services): RouteDef[] {
  return [
    { method: 'GET', path: '/extensions', handler: async (ctx) => ({ extensions: extensionsFor(ctx) }) },
    { method: 'GET', path: '/extensions/:alias', handler: (ctx, req) => show(ctx, req) },
  ];
}
