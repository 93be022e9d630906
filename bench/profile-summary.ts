/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by file, and time
 * including callees by function; top N (2N for the last).
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const short = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'npm:').replace(/^.*\/dist\//, '');

function selfTimes(p: Profile): Map<number, number> {
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  return self;
}

/**
 * Time spent in each function including what it called, counted once per sample even when the
 * function is on the stack more than once (recursion).
 */
function inclusiveTimes(p: Profile, self: Map<number, number>, keyOf: (n: ProfileNode) => string): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at) as ProfileNode);
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + us);
    }
  }
  return out;
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

function main(): void {
  const file = process.argv[2];
  const n = Number(process.argv[3] ?? 30);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [N]');
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const self = selfTimes(p);
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const keyOf = (node: ProfileNode): string => {
    const f = node.callFrame;
    const where = f.url ? `${short(f.url)}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  for (const node of p.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const f = node.callFrame;
    const key = keyOf(node);
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const fileKey = f.url ? short(f.url).replace(/:\d+$/, '') : f.functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time by function:\n${top(byFn, total, n).join('\n')}\n`);
  process.stdout.write(`\nself time by file:\n${top(byFile, total, n).join('\n')}\n`);
  process.stdout.write(`\ntotal time (self and callees) by function:\n${top(inclusiveTimes(p, self, keyOf), total, n * 2).join('\n')}\n`);
}

main();
