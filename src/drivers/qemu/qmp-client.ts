/**
 * A small QMP (QEMU Machine Protocol) client over a unix socket: JSON lines, a greeting, then
 * `qmp_capabilities`; commands carry an id and are answered by `{"return"}` or `{"error"}`;
 * asynchronous `{"event"}` messages go to listeners. npm has no maintained QMP client.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

/** An asynchronous QMP event (SHUTDOWN, STOP, RESUME, DEVICE_DELETED, BLOCK_JOB_COMPLETED, ...). */
export interface QmpEvent {
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly timestamp?: { seconds: number; microseconds: number };
}

/** A command QEMU refused: its error class and description. */
export class QmpError extends Error {
  constructor(readonly errorClass: string, message: string) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

interface QmpMessage {
  QMP?: unknown;
  return?: unknown;
  error?: { class: string; desc: string };
  event?: string;
  data?: Record<string, unknown>;
  id?: number;
}

/** One QMP connection. Emits 'event' (QmpEvent) and 'close'. */
export class QmpClient extends EventEmitter {
  readonly #socket: net.Socket;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #buffer = '';
  #closed = false;

  private constructor(socket: net.Socket) {
    super();
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#onData(chunk));
    // After `quit` QEMU drops the connection (often as ECONNRESET): that is a close, not a failure.
    socket.on('error', () => this.#onClose());
    socket.on('close', () => this.#onClose());
  }

  /** Connects, reads the greeting and negotiates capabilities. */
  static async connect(path: string, timeoutMs = 5000): Promise<QmpClient> {
    const socket = net.createConnection(path);
    const greeting = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QMP greeting timed out on ${path}`)), timeoutMs);
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
      socket.once('data', () => { clearTimeout(timer); resolve(); });
    });
    const client = new QmpClient(socket);
    await greeting;
    await client.execute('qmp_capabilities');
    return client;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs a command; resolves to its `return` value, rejects with QmpError or on timeout/close. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, timeoutMs = 10000): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(`QMP connection closed before ${command}`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`QMP ${command} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.#socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    });
  }

  /** A human monitor command (`info ...`), for what QMP has no command for. */
  hmp(commandLine: string): Promise<string> {
    return this.execute<string>('human-monitor-command', { 'command-line': commandLine });
  }

  /** Resolves with the next event named `name` that `pred` accepts; rejects on timeout or close. */
  waitEvent(name: string, timeoutMs: number, pred: (e: QmpEvent) => boolean = () => true): Promise<QmpEvent> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('close', onClose);
      };
      const onEvent = (e: QmpEvent): void => {
        if (e.event === name && pred(e)) { done(); resolve(e); }
      };
      const onClose = (): void => { done(); reject(new Error(`QMP connection closed while waiting for ${name}`)); };
      const timer = setTimeout(() => { done(); reject(new Error(`QMP event ${name} not seen within ${timeoutMs} ms`)); }, timeoutMs);
      this.on('event', onEvent);
      this.on('close', onClose);
    });
  }

  /** Resolves once the connection is closed (QEMU exited), or after timeoutMs with false. */
  waitClosed(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.off('close', onClose); resolve(false); }, timeoutMs);
      const onClose = (): void => { clearTimeout(timer); resolve(true); };
      this.once('close', onClose);
    });
  }

  close(): void {
    this.#socket.destroy();
    this.#onClose();
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) !== -1) {
      const line = this.#buffer.slice(0, nl).trim();
      this.#buffer = this.#buffer.slice(nl + 1);
      if (!line) continue;
      let msg: QmpMessage;
      try {
        msg = JSON.parse(line) as QmpMessage;
      } catch {
        continue; // not QMP: ignore the line rather than fail the process
      }
      this.#onMessage(msg);
    }
  }

  #onMessage(msg: QmpMessage): void {
    if (msg.event !== undefined) {
      this.emit('event', { event: msg.event, data: msg.data ?? {}, timestamp: (msg as QmpEvent).timestamp });
      return;
    }
    if (msg.id === undefined) return;
    const p = this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) p.reject(new QmpError(msg.error.class, msg.error.desc));
    else p.resolve(msg.return);
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('QMP connection closed'));
    }
    this.#pending.clear();
    this.emit('close');
  }
}
