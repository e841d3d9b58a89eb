// Measures how long the unfinalized chain grows while finality is stalled: the four `local`
// validators start, finalize, then Charlie and Dave stop (two of four: GRANDPA cannot finalize)
// for STALL_SECONDS (default 300); every 10 s it records Alice's best and finalized block. Then
// both restart and it records how long finality takes to cover the stall. The figures go to the
// output and to $STALL_REPORT (default $TMPDIR/provenance-stall-report.json); docs/RELIABILITY.md
// quotes them ("Finality stalls").
//
// Run: cd tests/e2e && node network/stall.js   (about STALL_SECONDS + 2 minutes)
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testnet, NAMES, sleep } from './testnet.js';

const STALL_SECONDS = Number(process.env.STALL_SECONDS || 300);
const REPORT = process.env.STALL_REPORT || join(tmpdir(), 'provenance-stall-report.json');

const net = await Testnet.create();
let ok = false;
try {
  await net.start();
  await net.waitFinalized(NAMES, 3, { timeoutMs: 240_000 });
  await net.stop('charlie', 'dave');
  const t0 = Date.now();
  const start = await net.head('alice');
  const samples = [];
  while (Date.now() - t0 < STALL_SECONDS * 1000) {
    await sleep(10_000);
    const h = await net.head('alice');
    samples.push({ s: Math.round((Date.now() - t0) / 1000), best: h.best, finalized: h.finalized, unfinalized: h.best - h.finalized });
    console.log(`# stall +${samples.at(-1).s} s: best #${h.best}, finalized #${h.finalized}, unfinalized ${h.best - h.finalized}`);
  }
  const end = samples.at(-1);
  const tRestart = Date.now();
  await net.start('charlie', 'dave');
  const { ms } = await net.waitFinalized(NAMES, end.best, { timeoutMs: 300_000, since: tRestart });
  const report = {
    stallSeconds: STALL_SECONDS,
    finalizedAtStall: start.finalized,
    blocksAuthoredDuringStall: end.best - start.best,
    unfinalizedAtEnd: end.unfinalized,
    secondsFromRestartToStallFinalized: ms / 1000,
    samples,
  };
  writeFileSync(REPORT, JSON.stringify(report, null, 2));
  console.log(`# ${JSON.stringify({ ...report, samples: undefined })}`);
  ok = true;
} finally {
  await net.teardown({ keep: !ok });
}
