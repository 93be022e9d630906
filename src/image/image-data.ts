/**
 * Where uploaded image bytes live: `<data-dir>/images/<id>`, or in memory when the data dir is
 * `:memory:` (tests). Writing hashes the data on the way (md5 checksum, sha512 os_hash_value).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a finished upload measured. */
export interface StoredData {
  /** path relative to the data dir, or `memory:<id>` */
  readonly file: string;
  readonly size: number;
  readonly checksum: string;
  readonly osHashValue: string;
}

export class ImageData {
  readonly #memory = new Map<string, Buffer>();

  constructor(private readonly dataDir: string) {}

  get inMemory(): boolean {
    return this.dataDir === ':memory:';
  }

  async write(id: string, body: Readable | Buffer): Promise<StoredData> {
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    let size = 0;
    const chunks: Buffer[] = [];
    const meter = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        md5.update(chunk);
        sha512.update(chunk);
        size += chunk.length;
        if (this.inMemory) chunks.push(chunk);
        done(null, chunk);
      },
    });
    const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
    let file = `memory:${id}`;
    if (this.inMemory) {
      await pipeline(source, meter, async function* (s) { for await (const _ of s) { /* drain */ } });
      this.#memory.set(id, Buffer.concat(chunks));
    } else {
      const dir = path.join(this.dataDir, 'images');
      if (!existsSync(dir)) mkdirSync(dir);
      file = path.join('images', id);
      await pipeline(source, meter, createWriteStream(path.join(this.dataDir, file), { mode: 0o600 }));
    }
    return { file, size, checksum: md5.digest('hex'), osHashValue: sha512.digest('hex') };
  }

  /** The stored bytes as a stream, or null when there are none. */
  read(file: string | null): Readable | null {
    if (!file) return null;
    if (file.startsWith('memory:')) {
      const buf = this.#memory.get(file.slice('memory:'.length));
      return buf ? Readable.from([buf]) : null;
    }
    const full = path.join(this.dataDir, file);
    return existsSync(full) ? createReadStream(full) : null;
  }

  remove(file: string | null): void {
    if (!file) return;
    if (file.startsWith('memory:')) {
      this.#memory.delete(file.slice('memory:'.length));
      return;
    }
    rmSync(path.join(this.dataDir, file), { force: true });
  }
}
