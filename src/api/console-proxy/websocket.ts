/**
 * The little of RFC 6455 a VNC proxy needs: the handshake's accept key, a decoder of the
 * client's (masked) frames and an encoder of the server's (unmasked) frames.
 */
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OP_CONTINUATION = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

/** Sec-WebSocket-Accept for a client's Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** One frame from the server: FIN set, never masked. */
export function encodeFrame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const n = payload.length;
  let header: Buffer;
  if (n < 126) {
    header = Buffer.from([0x80 | opcode, n]);
  } else if (n < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(n, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A decoded frame (its payload unmasked). */
export interface Frame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** Largest frame accepted from a client (a VNC client sends small messages). */
const MAX_FRAME = 16 * 1024 * 1024;

/** Collects bytes from the client and yields whole frames. */
export class FrameDecoder {
  #buf: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the frames now complete. Throws on a frame too large to be a VNC message. */
  push(chunk: Buffer): Frame[] {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.#next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  #next(): Frame | null {
    const b = this.#buf;
    if (b.length < 2) return null;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let pos = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      pos = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(MAX_FRAME)) throw new Error('websocket frame too large');
      len = Number(big);
      pos = 10;
    }
    if (len > MAX_FRAME) throw new Error('websocket frame too large');
    const maskAt = pos;
    if (masked) pos += 4;
    if (b.length < pos + len) return null;
    const payload = Buffer.from(b.subarray(pos, pos + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] ^= b[maskAt + (i % 4)];
    this.#buf = b.subarray(pos + len);
    return { opcode: b[0] & 0x0f, payload };
  }
}
