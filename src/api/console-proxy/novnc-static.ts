/**
 * The noVNC web client at /novnc/ (Nova: nova-novncproxy serves it from [vnc] novncproxy web
 * root), from the Debian `novnc` package's /usr/share/novnc when it is installed; without it,
 * a 404 that says what to install.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where the Debian package puts noVNC. */
export const NOVNC_ROOT = '/usr/share/novnc';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
  '.mp3': 'audio/mpeg', '.oga': 'audio/ogg', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send(`${message}\n`);
}

/** The file under `root` that `rel` names, or null (missing, a directory, or outside root). */
export function resolveStatic(root: string, rel: string): string | null {
  const realRoot = realpathSync(root);
  const wanted = path.resolve(realRoot, `.${path.posix.normalize(`/${rel}`)}`);
  if (!existsSync(wanted)) return null;
  const real = realpathSync(wanted);
  // Debian's noVNC has symlinks inside its tree (vnc_auto.html); nothing may lead out of it.
  if (!real.startsWith(realRoot + path.sep) || !statSync(real).isFile()) return null;
  return real;
}

export function registerNoVnc(http: FastifyInstance, root: string = NOVNC_ROOT): void {
  http.get('/novnc/*', async (req, reply) => {
    if (!existsSync(root)) return notFound(reply, `noVNC is not installed on this Novum host (${root} is missing: apt-get install novnc).`);
    const rel = (req.params as { '*': string })['*'] || 'vnc_lite.html';
    const file = resolveStatic(root, rel);
    if (!file) return notFound(reply, `No such noVNC file: ${rel}`);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    return reply.header('content-type', type).header('cache-control', 'no-cache').send(readFileSync(file));
  });
}
