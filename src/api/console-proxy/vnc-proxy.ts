/**
 * Novum's noVNC proxy (Nova: nova-novncproxy): a websocket upgrade of `/novnc/websockify?token=...`
 * is accepted only for a valid, unexpired novnc console token; then the websocket carries the RFB
 * bytes of the server's VNC server (QEMU's unix socket, or the fake driver's handshake).
 */
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ConsoleConnectInfo } from '../../network/console-auth.js';
import { acceptKey, encodeFrame, FrameDecoder, OP_BINARY, OP_CLOSE, OP_CONTINUATION, OP_PING, OP_PONG, OP_TEXT } from './websocket.js';

/** What the proxy needs from the rest of Novum. */
export interface VncProxyDeps {
  /** the console a token opens, or null (unknown or expired) */
  readonly connectInfo: (token: string) => Promise<ConsoleConnectInfo | null>;
  /** a connection to the server's VNC server; undefined when the hypervisor has none */
  readonly openVnc: ((uuid: string) => Promise<Duplex>) | undefined;
  readonly logger: Logger;
  /** --public-url: its host is an allowed Origin besides the request's own Host */
  readonly publicUrl: string;
}

/** The websocket paths: Novum's URL, and noVNC's default when the page has no `path`. */
const PATHS = new Set(['/novnc/websockify', '/websockify']);

export function registerVncProxy(http: FastifyInstance, deps: VncProxyDeps): void {
  // Upgraded sockets are no longer Fastify's: closing Novum ends the consoles still open.
  const live = new Set<Duplex>();
  http.addHook('preClose', async () => {
    for (const s of live) s.destroy();
  });
  http.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    live.add(socket);
    socket.once('close', () => live.delete(socket));
    handleUpgrade(deps, req, socket, head).catch((err: unknown) => {
      deps.logger.warn({ err }, 'console proxy failed');
      socket.destroy();
    });
  });
}

/** The token from the query, or (noVNC before 1.1 sent it so) from a `token` cookie. */
export function tokenOf(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookie = /(?:^|;\s*)token=([^;]*)/.exec(String(req.headers.cookie ?? ''));
  return cookie ? decodeURIComponent(cookie[1]) : '';
}

/** No Origin (a non-browser client), or one whose host is this Novum's (the Host header or the public URL). */
export function originAllowed(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const allowed = [String(req.headers.host ?? ''), String(req.headers['x-forwarded-host'] ?? '')];
  if (publicUrl) allowed.push(new URL(publicUrl).host);
  return allowed.includes(host);
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function handleUpgrade(deps: VncProxyDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const key = req.headers['sec-websocket-key'];
  if (!PATHS.has(path) || String(req.headers.upgrade).toLowerCase() !== 'websocket' || typeof key !== 'string') {
    return refuse(socket, '400 Bad Request');
  }
  // Nova (novncproxy validate_origin): a browser page of another site may not open the console.
  if (!originAllowed(req, deps.publicUrl)) return refuse(socket, '403 Forbidden');
  const token = tokenOf(req);
  const info = token ? await deps.connectInfo(token) : null;
  // Nova: an invalid or expired token closes the connection before any console is reached.
  if (!info || info.consoleType !== 'novnc') return refuse(socket, '403 Forbidden');
  if (!deps.openVnc) return refuse(socket, '503 Service Unavailable');
  let vnc: Duplex;
  try {
    vnc = await deps.openVnc(info.instanceUuid);
  } catch {
    return refuse(socket, '503 Service Unavailable');
  }
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  socket.write([
    'HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    ...(offered.includes('binary') ? ['Sec-WebSocket-Protocol: binary'] : []), '', '',
  ].join('\r\n'));
  splice(socket, vnc, head);
}

/** Websocket frames from the client become VNC bytes, VNC bytes become binary frames. */
function splice(socket: Duplex, vnc: Duplex, head: Buffer): void {
  const decoder = new FrameDecoder();
  const closeBoth = (): void => {
    vnc.destroy();
    if (socket.destroyed) return;
    if (socket.writable) socket.end(encodeFrame(OP_CLOSE), () => socket.destroy());
    else socket.destroy();
  };
  const onClientBytes = (chunk: Buffer): void => {
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch {
      return closeBoth();
    }
    for (const f of frames) {
      if (f.opcode === OP_BINARY || f.opcode === OP_CONTINUATION || f.opcode === OP_TEXT) vnc.write(f.payload);
      else if (f.opcode === OP_PING) socket.write(encodeFrame(OP_PONG, f.payload));
      else if (f.opcode === OP_CLOSE) return closeBoth();
    }
  };
  socket.on('data', onClientBytes);
  // The HTTP server's sockets are half-open: a client that goes away only ends its side.
  socket.on('end', closeBoth);
  socket.on('error', () => vnc.destroy());
  socket.on('close', () => vnc.destroy());
  vnc.on('data', (chunk: Buffer) => socket.write(encodeFrame(OP_BINARY, chunk)));
  vnc.on('error', closeBoth);
  vnc.on('end', closeBoth);
  if (head.length) onClientBytes(head);
}
