/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by file, top N.
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
  for (const node of p.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const f = node.callFrame;
    const where = f.url ? `${short(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const fileKey = f.url ? short(f.url).replace(/:\d+$/, '') : f.functionName;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time by function:\n${top(byFn, total, n).join('\n')}\n`);
  process.stdout.write(`\nself time by file:\n${top(byFile, total, n).join('\n')}\n`);
}

main();
