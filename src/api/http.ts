/**
 * The HTTP edge: one Fastify server for every endpoint. Request ids, body parsing, the compute
 * URL rewrite, authentication, microversions and the rendering of every error as Nova's fault.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { NovaError } from '../errors.js';
import { requestId } from '../util/ids.js';
import type { Authenticator } from './auth.js';
import { rewriteComputeUrl } from './compute-url.js';
import { RequestContext, type ComputeRoute, type Principal } from './context.js';
import { faultBody } from './faults.js';
import { requestedVersion, versionHeaders, ApiVersion, MIN_VERSION } from './microversion.js';
import { sendKeystoneError } from './identity/errors.js';
import { sendGlanceError } from './image/errors.js';
import { sendNeutronError } from './network/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    novumCompute: ComputeRoute | null;
    principal: Principal | null;
    ctx: RequestContext;
  }
}

interface RawWithRoute extends IncomingMessage {
  novumCompute?: ComputeRoute | null;
}

export interface HttpOptions {
  readonly logger: Logger;
  readonly bodyLimit: number;
  readonly publicUrl: string;
  readonly authenticator: Authenticator;
}

export function createHttp(opts: HttpOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger,
    // Fastify logs each request at info; above info its per-request log calls are skipped outright.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: !opts.logger.isLevelEnabled('info') }),
    bodyLimit: opts.bodyLimit,
    genReqId: () => requestId(),
    childLoggerFactory: (logger, bindings, childOpts) => (childOpts.level === undefined ? new RequestLogger(logger as Logger, bindings) : logger.child(bindings, childOpts)),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 },
    rewriteUrl: (raw: RawWithRoute) => {
      const { url, route } = rewriteComputeUrl(raw.url ?? '/');
      raw.novumCompute = route;
      return url;
    },
    frameworkErrors: (err, req, reply) => void frameworkError(err, req, reply),
  });

  app.decorateRequest('novumCompute', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new NovaError(400, 'Malformed request body'), undefined);
    }
  });

  // Callback hooks: every request runs them, and an async hook costs a promise and a turn more.
  app.addHook('onRequest', (req, reply, done) => {
    req.novumCompute = (req.raw as RawWithRoute).novumCompute ?? null;
    reply.header('x-openstack-request-id', req.id);
    if (req.novumCompute) reply.header('x-compute-request-id', req.id);
    done();
  });

  // U+0000 cannot be stored in PostgreSQL text and is no part of any name or id: refused at the edge,
  // in each API's error shape (the hook runs in the route's plugin, whose error handler renders it).
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.url.includes('%00')) return done(new NovaError(400, 'Malformed request URL'));
    if (req.body !== undefined && containsNul(req.body)) return done(new NovaError(400, 'Malformed request body'));
    done();
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof NovaError) {
      return sendFault(reply, err.code, err.message, err.headers);
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendFault(reply, 413, 'Request is too large.');
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return sendFault(reply, e.statusCode, e.statusCode === 400 ? 'Malformed request body' : String(e.message));
    }
    req.log.error({ err }, 'unexpected error');
    return sendFault(reply, 500, 'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.');
  });

  app.setNotFoundHandler((req, reply) => {
    sendFault(reply, 404, 'The resource could not be found.');
  });

  /** Every request that is not a version document needs a valid token. */
  app.decorate('authenticate', async (req: FastifyRequest) => {
    const token = req.headers['x-auth-token'];
    const principal = typeof token === 'string' && token ? await opts.authenticator.principalFor(token) : null;
    if (!principal) throw new NovaError(401, 'The request you have made requires authentication.');
    req.principal = principal;
  });

  return app as unknown as FastifyInstance;
}

/**
 * A request's logger (`req.log`): the pino child carrying the request id is made when something
 * is first logged at an enabled level. Most requests log nothing, and a child costs about as much
 * as a small route's own work.
 */
class RequestLogger {
  #child: Logger | undefined;

  constructor(private readonly parent: Logger, private readonly bindings: Record<string, unknown>) {}

  #at(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', args: unknown[]): void {
    if (!this.parent.isLevelEnabled(level)) return;
    this.#child ??= this.parent.child(this.bindings);
    (this.#child[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.parent.level;
  }

  trace(...args: unknown[]): void {
    this.#at('trace', args);
  }

  debug(...args: unknown[]): void {
    this.#at('debug', args);
  }

  info(...args: unknown[]): void {
    this.#at('info', args);
  }

  warn(...args: unknown[]): void {
    this.#at('warn', args);
  }

  error(...args: unknown[]): void {
    this.#at('error', args);
  }

  fatal(...args: unknown[]): void {
    this.#at('fatal', args);
  }

  silent(): void {}

  child(bindings: Record<string, unknown>, opts?: Record<string, unknown>): Logger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child.child(bindings, opts);
  }
}

/** Does a parsed JSON body hold U+0000 in any key or string? (Iterative: bodies may nest deeply.) */
function containsNul(body: unknown): boolean {
  const stack: unknown[] = [body];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

/**
 * What Fastify's router refuses before any route or hook runs (a bad percent-escape, a path
 * parameter over maxParamLength), in the error shape of the API the URL belongs to.
 */
function frameworkError(err: { code?: string }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  // Nova: an id no resource can have is simply not found; an undecodable URL is a bad request.
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code = tooLong ? 404 : 400;
  const message = tooLong ? 'The resource could not be found.' : 'Malformed request URL';
  reply.header('x-openstack-request-id', req.id);
  if (req.url.startsWith('/identity')) return sendKeystoneError(reply, code, message);
  if (req.url.startsWith('/image')) return sendGlanceError(reply, code, message);
  if (req.url.startsWith('/networking')) return sendNeutronError(reply, code, tooLong ? 'HTTPNotFound' : 'HTTPBadRequest', message);
  req.novumCompute = (req.raw as RawWithRoute).novumCompute ?? null;
  return sendFault(reply, code, message);
}

export function sendFault(reply: FastifyReply, code: number, message: string, headers: Readonly<Record<string, string>> = {}): FastifyReply {
  const req = reply.request;
  if (req.novumCompute) {
    let mv: ApiVersion;
    try {
      mv = req.ctx?.mv ?? requestedVersion(req.headers);
    } catch {
      mv = ApiVersion.parse(MIN_VERSION);
    }
    if (req.novumCompute.version === 'v2.1') reply.headers(versionHeaders(mv));
  }
  return reply
    .code(code)
    .headers(headers)
    .header('content-type', 'application/json; charset=UTF-8')
    .send(faultBody(code, message));
}

/** scheme://host[:port] as the client reached us, unless a public URL is configured. */
export function originOf(req: FastifyRequest, publicUrl: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost';
  const proto = req.headers['x-forwarded-proto'] ?? 'http';
  return `${String(proto)}://${String(host)}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate(req: FastifyRequest): Promise<void>;
  }
}
