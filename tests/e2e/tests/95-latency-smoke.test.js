// Smoke run of the latency benchmark (bench/throughput/latency.js, full run: scripts/bench-latency.sh):
// a few Datasets.register probes under a light transfer load on a dev node, every one finalized,
// the percentiles and chain statistics computed. Figures are not judged here (docs/PERFORMANCE.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { runLatency, percentile } from '../../../bench/throughput/latency.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

test('percentiles are nearest-rank', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile([7], 90), 7);
  assert.equal(percentile([], 50), null);
});

test('the latency benchmark runs: probes under load, all finalized', async () => {
  const r = await runLatency({ url: `ws://127.0.0.1:${node.rpcPort}`, samples: 12, rate: 3, load: 30, loadSenders: 20, probeSenders: 6, label: 'smoke', log: () => {} });
  assert.equal(r.finalizedProbes, 12, JSON.stringify(r.failedProbes));
  const f = r.submitToFinalizedMs;
  assert.ok(f.p50 > 0 && f.p50 <= f.p90 && f.p90 <= f.p99, JSON.stringify(f));
  assert.ok(r.submitToInBlockMs.p50 <= f.p50);
  assert.ok(r.load.sent > 0 && r.load.errors === 0, JSON.stringify(r.load));
  assert.ok(r.blockIntervalMs.count >= 1);
  console.log(`# smoke: finalized p50 ${f.p50} ms, p99 ${f.p99} ms over ${f.count} probes`);
});
