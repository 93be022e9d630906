/**
 * Preload for profiling (node --import ./dist/bench/sql-trace.js ...): counts and times every
 * SQLite statement Novum runs, and on exit writes the totals by SQL text, slowest first, to the
 * file named by NOVUM_BENCH_SQL_TRACE. Not used by the benchmark's figures.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Totals {
  calls: number;
  ms: number;
  rows: number;
}

type Method = (this: { source: string }, ...args: unknown[]) => unknown;

const out = process.env.NOVUM_BENCH_SQL_TRACE;
if (out) {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3') as { prototype: { prepare: (sql: string) => object } };
  const totals = new Map<string, Totals>();
  const probe = Object.getPrototypeOf(new (Database as unknown as new (f: string) => { prepare: (s: string) => object })(':memory:').prepare('select 1')) as Record<string, Method>;
  for (const name of ['all', 'get', 'run']) {
    const original = probe[name];
    probe[name] = function traced(this: { source: string }, ...args: unknown[]): unknown {
      const t0 = performance.now();
      const result = original.apply(this, args);
      const t = totals.get(this.source) ?? { calls: 0, ms: 0, rows: 0 };
      t.calls++;
      t.ms += performance.now() - t0;
      t.rows += Array.isArray(result) ? result.length : 1;
      totals.set(this.source, t);
      return result;
    };
  }
  // BEGIN, COMMIT and the savepoints run through Database#exec.
  const dbProto = (Database as unknown as { prototype: Record<string, Method> }).prototype;
  const exec = dbProto.exec;
  dbProto.exec = function tracedExec(this: { source: string }, sql: unknown): unknown {
    const t0 = performance.now();
    const result = exec.call(this, sql);
    const key = `exec: ${String(sql)}`;
    const t = totals.get(key) ?? { calls: 0, ms: 0, rows: 0 };
    t.calls++;
    t.ms += performance.now() - t0;
    totals.set(key, t);
    return result;
  };
  process.on('exit', () => {
    const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms)
      .map(([sql, t]) => `${t.ms.toFixed(0).padStart(7)} ms ${String(t.calls).padStart(7)} calls ${(t.ms / t.calls).toFixed(3).padStart(8)} ms/call ${String(t.rows).padStart(9)} rows  ${sql.replace(/\s+/g, ' ').slice(0, 400)}`);
    writeFileSync(out, `${rows.join('\n')}\n`);
  });
}
