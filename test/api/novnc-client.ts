/**
 * A console client as Tempest's test_novnc is: the noVNC page at the console URL, then a raw
 * websocket upgrade of `/<path>` (path from the URL's query) and binary frames of RFB bytes.
 */
import { connect, type Socket } from 'node:net';

export interface WsConsole {
  /** the HTTP status line and headers of the upgrade's answer */
  readonly response: string;
  /** the next frame's payload, or null once the server closed */
  receive(timeoutMs?: number): Promise<Buffer | null>;
  send(data: Buffer): void;
  close(): void;
}

/** Upgrades to a websocket at the console URL's `path` query parameter (as noVNC's page does). */
export function openConsole(consoleUrl: string, mutatePath: (p: string) => string = (p) => p, headers: Record<string, string> = {}): Promise<WsConsole> {
  const url = new URL(consoleUrl);
  const wsPath = mutatePath(url.searchParams.get('path') ?? 'websockify');
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(Number(url.port), url.hostname);
    let buf = Buffer.alloc(0);
    let ended = false;
    let wake: (() => void) | null = null;
    sock.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); wake?.(); });
    sock.on('close', () => { ended = true; wake?.(); });
    sock.on('error', () => { ended = true; wake?.(); });
    const waitMore = (ms: number): Promise<void> => new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('no data from the console proxy')), ms);
      wake = () => { clearTimeout(t); wake = null; res(); };
    });
    const take = async (n: number, ms: number): Promise<Buffer | null> => {
      while (buf.length < n) {
        if (ended) return null;
        await waitMore(ms);
      }
      const out = buf.subarray(0, n);
      buf = buf.subarray(n);
      return out;
    };
    const api: Omit<WsConsole, 'response'> = {
      async receive(ms = 20000) {
        for (;;) {
          const h = await take(2, ms);
          if (!h) return null;
          let len = h[1] & 0x7f;
          if (len === 126) len = (await take(2, ms))!.readUInt16BE(0);
          else if (len === 127) len = Number((await take(8, ms))!.readBigUInt64BE(0));
          const payload = len ? await take(len, ms) : Buffer.alloc(0);
          if ((h[0] & 0x0f) === 0x8) return null;
          if (payload && payload.length) return payload;
        }
      },
      send(data) {
        const mask = [7, 2, 1, 9];
        sock.write(Buffer.from([0x82, 0x80 | data.length, ...mask, ...data.map((b, i) => b ^ mask[i % 4])]));
      },
      close() { sock.destroy(); },
    };
    sock.once('connect', async () => {
      sock.write(`GET /${wsPath} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
        + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')
        + 'Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n');
      try {
        while (!buf.includes('\r\n\r\n')) {
          if (ended) break;
          await waitMore(20000);
        }
        const end = buf.indexOf('\r\n\r\n');
        const response = end < 0 ? buf.toString('latin1') : buf.subarray(0, end).toString('latin1');
        buf = end < 0 ? Buffer.alloc(0) : buf.subarray(end + 4);
        resolve({ response, ...api });
      } catch (err) {
        reject(err);
      }
    });
    sock.once('error', reject);
  });
}

/** The RFB exchange Tempest checks: version, security None, SecurityResult OK, ServerInit. */
export async function rfbHandshake(ws: WsConsole): Promise<{ version: string; width: number; height: number; name: string }> {
  const version = (await ws.receive())!.toString('latin1');
  ws.send(Buffer.from(version, 'latin1'));
  const types = (await ws.receive())!;
  if (!types.subarray(1, 1 + types[0]).includes(1)) throw new Error(`no security type None in ${types.toString('hex')}`);
  ws.send(Buffer.from([1]));
  const result = (await ws.receive())!;
  if (result.readUInt32BE(0) !== 0) throw new Error('security handshake failed');
  ws.send(Buffer.from([1]));
  let init = (await ws.receive())!;
  while (init.length < 24 || init.length < 24 + init.readUInt32BE(20)) init = Buffer.concat([init, (await ws.receive())!]);
  const nameLen = init.readUInt32BE(20);
  return { version, width: init.readUInt16BE(0), height: init.readUInt16BE(2), name: init.subarray(24, 24 + nameLen).toString('utf8') };
}
