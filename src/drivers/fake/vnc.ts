/**
 * The simulated hypervisor's VNC server: the RFB handshake (version 3.8 or 3.3, security type
 * None, ServerInit of a 640x480 true-colour screen named after the server), then it listens and
 * sends nothing: enough for a console client (Tempest's test_novnc) to see a VNC server answer.
 */
import { Duplex } from 'node:stream';

const WIDTH = 640;
const HEIGHT = 480;

function serverInit(name: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const b = Buffer.alloc(24 + nameBytes.length);
  b.writeUInt16BE(WIDTH, 0);
  b.writeUInt16BE(HEIGHT, 2);
  // pixel format: 32 bpp, depth 24, little-endian, true colour, 255/255/255 at shifts 16/8/0
  b.set([32, 24, 0, 1], 4);
  b.writeUInt16BE(255, 8);
  b.writeUInt16BE(255, 10);
  b.writeUInt16BE(255, 12);
  b.set([16, 8, 0], 14);
  b.writeUInt32BE(nameBytes.length, 20);
  nameBytes.copy(b, 24);
  return b;
}

type Phase = 'version' | 'security' | 'init' | 'normal';

/** A new connection to the fake VNC server of the server `name`. */
export function fakeVncConnection(name: string): Duplex {
  let phase: Phase = 'version';
  let pending: Buffer = Buffer.alloc(0);
  const take = (n: number): Buffer | null => {
    if (pending.length < n) return null;
    const out = pending.subarray(0, n);
    pending = pending.subarray(n);
    return out;
  };
  const conn: Duplex = new Duplex({
    read() { /* data is pushed as the handshake goes on */ },
    write(chunk: Buffer, _enc, done) {
      pending = Buffer.concat([pending, chunk]);
      for (let progressed = true; progressed;) progressed = step();
      done();
    },
  });
  const step = (): boolean => {
    if (phase === 'version') {
      const v = take(12);
      if (!v) return false;
      const minor = v.toString('latin1').startsWith('RFB 003.003') ? 3 : 8;
      // RFB 3.3: the server picks the security type (u32); 3.8: a list, the client picks.
      conn.push(minor === 3 ? Buffer.from([0, 0, 0, 1]) : Buffer.from([1, 1]));
      phase = minor === 3 ? 'init' : 'security';
      return true;
    }
    if (phase === 'security') {
      if (!take(1)) return false;
      conn.push(Buffer.from([0, 0, 0, 0]));
      phase = 'init';
      return true;
    }
    if (phase === 'init') {
      if (!take(1)) return false;
      conn.push(serverInit(name));
      phase = 'normal';
      return true;
    }
    pending = Buffer.alloc(0);
    return false;
  };
  conn.push(Buffer.from('RFB 003.008\n', 'latin1'));
  return conn;
}
