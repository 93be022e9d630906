/**
 * The QMP client against a fake QMP server on a unix socket: greeting and capabilities, command
 * ids and answers, errors, events, split and merged JSON lines, and a server that hangs up (as
 * QEMU does after `quit`) rejecting what is pending without crashing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { QmpClient, QmpError } from '../../src/drivers/qemu/qmp-client.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'novum-qmp-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

/** A fake QEMU: answers each command with `reply(cmd)`; `sock` lets the test push raw bytes. */
async function fakeQemu(reply: (cmd: { execute: string; arguments?: Record<string, unknown> }, sock: net.Socket) => unknown): Promise<{ path: string; close(): void }> {
  const p = path.join(dir, `qmp-${seq++}.sock`);
  const server = net.createServer((sock) => {
    sock.write('{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}}, "capabilities": []}}\r\n');
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const cmd = JSON.parse(buf.slice(0, nl)) as { execute: string; id: number; arguments?: Record<string, unknown> };
        buf = buf.slice(nl + 1);
        const out = cmd.execute === 'qmp_capabilities' ? { return: {} } : reply(cmd, sock);
        if (out !== undefined) sock.write(`${JSON.stringify({ ...(out as object), id: cmd.id })}\r\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(p, r));
  return { path: p, close: () => server.close() };
}

test('commands are answered by id; QMP errors reject with their class', async () => {
  const q = await fakeQemu((cmd) => (cmd.execute === 'query-status'
    ? { return: { status: 'running', running: true } }
    : { error: { class: 'CommandNotFound', desc: `The command ${cmd.execute} has not been found` } }));
  const c = await QmpClient.connect(q.path);
  const [a, b] = await Promise.all([c.execute<{ status: string }>('query-status'), c.execute<{ status: string }>('query-status')]);
  assert.equal(a.status, 'running');
  assert.equal(b.status, 'running');
  await assert.rejects(c.execute('nonsense'), (err: unknown) => err instanceof QmpError && err.errorClass === 'CommandNotFound'
    && err.message === 'The command nonsense has not been found');
  c.close();
  q.close();
});

test('events reach listeners and waitEvent, also when lines arrive split or merged', async () => {
  const q = await fakeQemu((cmd, sock) => {
    if (cmd.execute !== 'stop') return { return: {} };
    const ev = (name: string): string => `${JSON.stringify({ event: name, data: { device: 'd1' }, timestamp: { seconds: 1, microseconds: 2 } })}\r\n`;
    const both = ev('STOP') + ev('DEVICE_DELETED');
    setTimeout(() => sock.write(both.slice(0, 10)), 10);
    setTimeout(() => sock.write(both.slice(10)), 30);
    return { return: {} };
  });
  const c = await QmpClient.connect(q.path);
  const seen: string[] = [];
  c.on('event', (e: { event: string }) => seen.push(e.event));
  const deleted = c.waitEvent('DEVICE_DELETED', 2000, (e) => e.data.device === 'd1');
  await c.execute('stop');
  const e = await deleted;
  assert.equal(e.data.device, 'd1');
  assert.deepEqual(seen, ['STOP', 'DEVICE_DELETED']);
  await assert.rejects(c.waitEvent('RESUME', 50), /RESUME not seen within 50 ms/);
  c.close();
  q.close();
});

test('a server that hangs up (QEMU after quit) rejects pending commands and reports the close', async () => {
  const q = await fakeQemu((cmd, sock) => {
    if (cmd.execute === 'quit') sock.destroy();
    return undefined;
  });
  const c = await QmpClient.connect(q.path);
  const closed = c.waitClosed(2000);
  await assert.rejects(c.execute('quit'), /QMP connection closed/);
  assert.equal(await closed, true);
  assert.equal(c.closed, true);
  await assert.rejects(c.execute('query-status'), /closed before query-status/);
  q.close();
});

test('a command without an answer times out', async () => {
  const q = await fakeQemu(() => undefined);
  const c = await QmpClient.connect(q.path);
  await assert.rejects(c.execute('query-status', undefined, 50), /QMP query-status timed out after 50 ms/);
  c.close();
  q.close();
});
