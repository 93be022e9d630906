/** The figures of a run: printed as a table and written as JSON to bench/results/<date>.json. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round } from './lib/stats.js';

/** A target: the value must be below (`<`) or at least (`>=`) the number. */
export interface Target {
  readonly op: '<' | '>=';
  readonly value: number;
  /** compare the figure's ceiling ratio instead of its value */
  readonly ofCeiling?: boolean;
}

/** One measured figure. */
export interface Figure {
  readonly key: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** fraction of the node:http ceiling's req/s (throughput figures) */
  readonly ceilingRatio?: number;
  /** what real Nova measured on this kind of machine */
  readonly nova?: string;
}

/** Whether the figure meets its target; undefined without one. */
export function met(f: Figure): boolean | undefined {
  const t = f.target;
  if (!t) return undefined;
  const v = t.ofCeiling ? f.ceilingRatio ?? 0 : f.value;
  return t.op === '<' ? v < t.value : v >= t.value;
}

const targetText = (f: Figure): string => {
  if (!f.target) return '';
  if (f.target.ofCeiling) return `${f.target.op} ${f.target.value * 100}% of ceiling`;
  return `${f.target.op} ${f.target.value.toLocaleString('en-US')} ${f.unit}`;
};

const ratioText = (f: Figure): string => {
  if (f.ceilingRatio !== undefined) return `${(f.ceilingRatio * 100).toFixed(1)}% of ceiling`;
  if (f.target && f.target.value) return `${round(f.value / f.target.value)}x target`;
  return '';
};

export function table(figures: readonly Figure[]): string {
  const rows = [['figure', 'value', 'target', 'ratio', 'met', 'real Nova']];
  for (const f of figures) {
    const m = met(f);
    rows.push([f.name, `${f.value.toLocaleString('en-US')} ${f.unit}`, targetText(f), ratioText(f), m === undefined ? '' : m ? 'yes' : 'NO', f.nova ?? '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => cell.padEnd(widths[c])).join(' | ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

function gitHead(repo: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return { cpus: cpus.length, model: cpus[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` };
}

/** Writes the run's JSON; returns its path. */
export function writeResults(repo: string, mode: string, figures: readonly Figure[], details: Record<string, unknown>): string {
  const dir = path.join(repo, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const file = path.join(dir, mode === 'default' ? `${date}.json` : `${date}-${mode}.json`);
  const out = {
    date: new Date().toISOString(), mode, commit: gitHead(repo), node: process.version, machine: machine(),
    figures: figures.map((f) => ({ ...f, met: met(f) })), details,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  return file;
}
