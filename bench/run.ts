/**
 * `npm run bench [-- --quick | --full] [-- --profile]`: measures Novum against a bare node:http
 * ceiling on this machine and writes bench/results/<date>.json. See docs/performance.md.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { closeAgent } from './lib/http.js';
import { NovumHandle, profileDirFor } from './lib/novum.js';
import { freePort, installSignalHandlers, REPO, rssMB, stopAll } from './lib/proc.js';
import { round } from './lib/stats.js';
import { actions, ceiling, coldStart, creates, fillTo, log, setup, tmpRoot, type Run } from './phases.js';
import { memory, pages, reads, readsAgain, walkAll } from './phases-store.js';
import { planFor } from './plan.js';
import { table, writeResults } from './report.js';

async function measure(run: Run): Promise<void> {
  const { plan, novum } = run;
  log(`mode ${plan.mode}: cold starts`);
  await coldStart(run);
  await novum.start('create-latency');
  await setup(run);
  await creates(run);
  await actions(run);
  const [first, ...larger] = plan.sizes;
  let endMarker = await fillTo(run, first);
  await ceiling(run);
  await reads(run, first);
  await pages(run, first, endMarker);
  await memory(run, first);
  if (plan.walkSize === first) await walkAll(run, first);
  for (const size of larger) {
    endMarker = await fillTo(run, size);
    await memory(run, size);
    await readsAgain(run, size);
    await pages(run, size, endMarker);
    if (plan.walkSize === size) await walkAll(run, size);
  }
  run.figures.push({ key: 'rss_end', name: 'RSS at the end of the run', value: round(rssMB(novum.pid)), unit: 'MB' });
}

async function main(): Promise<void> {
  const plan = planFor(process.argv.slice(2));
  installSignalHandlers();
  const t0 = performance.now();
  const tmp = tmpRoot();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const profileDir = plan.profile ? profileDirFor(REPO, stamp) : null;
  const novum = new NovumHandle(path.join(tmp, 'data'), await freePort(0, 59), profileDir);
  const run: Run = { plan, tmp, novum, figures: [], details: {} };
  try {
    await measure(run);
    run.details.benchSeconds = round((performance.now() - t0) / 1000);
    process.stdout.write(`\n${table(run.figures)}\n\n`);
    const file = writeResults(REPO, plan.mode, run.figures, run.details);
    process.stdout.write(`results: ${path.relative(process.cwd(), file)} (${run.details.benchSeconds} s)\n`);
    if (profileDir) process.stdout.write(`profiles: ${profileDir} (summarise with node dist/bench/profile-summary.js <file>)\n`);
  } finally {
    await novum.stop().catch(() => undefined);
    await stopAll();
    closeAgent();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
