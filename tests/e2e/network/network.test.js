// A real validator network: four `--chain local` validators (Alice, Bob, Charlie, Dave) started by
// scripts/local-testnet.sh, then lost validators, crashes and restarts — and nothing finalized is
// ever lost. Figures (times to finality after each fault, blocks lost) go to the test output and to
// $NETWORK_REPORT (default: $TMPDIR/provenance-network-report.json); docs/RELIABILITY.md records them.
//
// Run: cd tests/e2e && npm run test:network   (about 5 minutes on 2 cores; every node is stopped at
// the end, on failure too; set KEEP_TESTNET=1 to keep the run directory with the nodes' logs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { rpc as provenanceRpc, license } from '@provenance-chain/client';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { Testnet, NAMES, sleep } from './testnet.js';

// The whole file is bounded: whatever hangs, the nodes are killed and the process exits.
const SUITE_LIMIT_MS = Number(process.env.NETWORK_SUITE_LIMIT_MS || 9 * 60_000);
// One extrinsic every STREAM_INTERVAL_MS during the crash-under-load scenario.
const STREAM_INTERVAL_MS = Number(process.env.NETWORK_STREAM_INTERVAL_MS || 1_500);

let net;
let failed = false;
const checkpoints = []; // [number, hash] of finalized blocks seen before each fault
const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
};

const watchdog = setTimeout(() => {
  console.error(`network suite exceeded ${SUITE_LIMIT_MS / 1000} s; killing the nodes`);
  if (net) net.killAllSync();
  process.exit(1);
}, SUITE_LIMIT_MS);
watchdog.unref();

before(async () => { net = await Testnet.create(); });

after(async () => {
  const file = process.env.NETWORK_REPORT || join(tmpdir(), 'provenance-network-report.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`network report: ${file}\n${JSON.stringify(report, null, 2)}`);
  if (net) {
    const keep = failed || !!process.env.KEEP_TESTNET;
    await net.teardown({ keep });
    if (keep) console.log(`testnet run directory kept: ${net.dir}`);
  }
});

/** A test whose failure prints the nodes' state and log tails. */
function scenario(name, fn) {
  test(name, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failed = true;
      t.diagnostic(await net.describe());
      for (const n of NAMES) {
        t.diagnostic(`--- ${n}.log (tail)`);
        for (const line of net.logTail(n, 25).split('\n')) t.diagnostic(line);
      }
      throw e;
    }
  });
}

const max = (xs) => Math.max(...xs);
const min = (xs) => Math.min(...xs);
const secs = (ms) => Math.round(ms / 100) / 10;

/** Starts whatever is down and waits until finality advances on all four nodes. */
async function ensureHealthy() {
  await net.start();
  const h = await net.heads();
  const target = max(NAMES.map((n) => h[n]?.finalized ?? 0)) + 1;
  await net.waitFinalized(NAMES, target, { timeoutMs: 150_000 });
}

/** A polkadot.js API on `name`'s RPC; fails after 60 s instead of retrying forever. */
async function connect(name) {
  const provider = new WsProvider(`ws://127.0.0.1:${net.rpcPorts[name]}`, false);
  let timer;
  try {
    await provider.connect();
    return await Promise.race([
      ApiPromise.create({ provider, rpc: provenanceRpc, noInitWarn: true, throwOnConnect: true }),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`no API on ${name} in 60 s`)), 60_000); }),
    ]);
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Records the finalized head of `name` as a checkpoint that must never be lost. */
async function checkpoint(name = 'alice') {
  const h = await net.head(name);
  assert.ok(h, `${name} answers`);
  checkpoints.push([h.finalized, h.finalizedHash]);
  return h;
}

scenario('1. four validators start and reach finality on all four nodes', async (t) => {
  const t0 = Date.now();
  const out = await net.start();
  for (const n of NAMES) assert.match(out, new RegExp(`^${n} ws://127\\.0\\.0\\.1:${net.rpcPorts[n]}$`, 'm'));
  const { value: h, ms } = await net.waitFinalized(NAMES, 1, { since: t0, timeoutMs: 180_000 });
  // All four agree on the finalized chain and see each other.
  const common = min(NAMES.map((n) => h[n].finalized));
  const hashes = await Promise.all(NAMES.map((n) => net.hashAt(n, common)));
  assert.equal(new Set(hashes).size, 1, `finalized #${common} differs: ${hashes}`);
  await net.waitFor('every node has three peers', async () => {
    const hh = await net.heads();
    return NAMES.every((n) => hh[n]?.peers >= 3);
  }, { timeoutMs: 60_000 });

  // Steady state: how long a newly imported block takes to be finalized on all four nodes.
  const a = await net.head('alice');
  const { ms: importMs } = await net.waitFor(`alice imports #${a.best + 1}`, async () => (await net.head('alice'))?.best > a.best, { intervalMs: 200 });
  const tImport = Date.now();
  const { ms: steadyMs } = await net.waitFinalized(NAMES, a.best + 1, { since: tImport, intervalMs: 250 });

  // Prometheus metrics are served on each node's port.
  const metrics = await (await fetch(`http://127.0.0.1:${net.promPorts.alice}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  assert.match(metrics, /substrate_block_height\{[^}]*status="finalized"/);

  await checkpoint();
  report.start = { msToFinalityOnAllFour: ms, msBlockImportToFinalizedOnAll: steadyMs };
  t.diagnostic(`first finality on all four ${secs(ms)} s after start; steady state: a block is finalized on all four ${secs(steadyMs)} s after import (waited ${secs(importMs)} s for it)`);
});

scenario('2. one validator lost: blocks keep being produced and finalized by the other three', async (t) => {
  await ensureHealthy();
  const survivors = ['alice', 'bob', 'charlie'];
  await checkpoint();
  await net.stop('dave');
  const tFault = Date.now();
  assert.equal(await net.head('dave'), null, 'dave is down');
  const h0 = await net.heads(survivors);
  const bestAtFault = max(survivors.map((n) => h0[n].best));
  const finAtFault = h0.alice.finalized;
  // The first block authored after the fault is finalized by the three survivors...
  const first = await net.waitFinalized(survivors, bestAtFault + 1, { since: tFault, timeoutMs: 120_000 });
  // ...and finality keeps going.
  const more = await net.waitFinalized(survivors, bestAtFault + 3, { since: tFault, timeoutMs: 120_000 });
  const h1 = more.value;
  await net.checkCheckpoints(checkpoints, survivors);
  report.oneLost = {
    lost: ['dave (SIGTERM)'],
    bestAtFault,
    finalizedAtFault: finAtFault,
    msToFinalizeFirstNewBlock: first.ms,
    msToFinalize3NewBlocks: more.ms,
    blocksProducedAndFinalizedWhileDown: min(survivors.map((n) => h1[n].finalized)) - bestAtFault,
    finalizedBlocksLost: 0,
  };
  t.diagnostic(`dave down: block #${bestAtFault + 1} (first after the fault) finalized on the 3 survivors after ${secs(first.ms)} s, #${bestAtFault + 3} after ${secs(more.ms)} s`);
});

scenario('3. the restarted validator catches up to the finalized head', async (t) => {
  const a = await net.head('alice');
  const target = a.finalized;
  const t0 = Date.now();
  await net.start('dave'); // resolves once its RPC answers: its database opened
  const rpcUpMs = Date.now() - t0;
  const caught = await net.waitFinalized(['dave'], target, { since: t0, timeoutMs: 120_000 });
  assert.equal(await net.hashAt('dave', target), a.finalizedHash, 'dave finalized the same block');
  // It keeps up with the live network, not only the head it saw at restart.
  const now = await net.head('alice');
  const live = await net.waitFinalized(['dave'], now.finalized, { since: t0, timeoutMs: 60_000 });
  await net.waitFor('dave has three peers', async () => (await net.head('dave'))?.peers >= 3, { timeoutMs: 60_000 });
  await net.checkCheckpoints(checkpoints);
  report.oneRestarted = { msRpcUp: rpcUpMs, msToReachFinalizedHeadAtRestart: caught.ms, msToReachLiveFinalizedHead: live.ms, targetFinalized: target };
  t.diagnostic(`dave restarted: RPC up after ${secs(rpcUpMs)} s, finalized #${target} (network's finalized head at restart) after ${secs(caught.ms)} s`);
});

scenario('4. two validators lost: finality stalls while blocks continue; restarted, it resumes by itself', async (t) => {
  await ensureHealthy();
  const lost = ['bob', 'dave'];
  const survivors = ['alice', 'charlie'];
  await checkpoint();
  const pre = await net.heads();
  await net.kill(...lost);
  const tFault = Date.now();
  // Votes already in flight may still finalize a block or two; let them settle.
  await sleep(4_000);
  const h0 = await net.heads(survivors);
  const stalledAt = max(survivors.map((n) => h0[n].finalized));
  const bestAtFault = max([...survivors.map((n) => h0[n].best), ...NAMES.map((n) => pre[n]?.best ?? 0)]);
  // Two of four validators (less than 2/3): blocks continue, finality does not move.
  let finalizedDuringStall = stalledAt;
  const stall = await net.waitFor('survivors author 2 blocks while finality stalls', async () => {
    const h = await net.heads(survivors);
    finalizedDuringStall = max([finalizedDuringStall, ...survivors.map((n) => h[n]?.finalized ?? 0)]);
    return Date.now() - tFault >= 20_000 && min(survivors.map((n) => h[n]?.best ?? 0)) >= bestAtFault + 2 ? h : null;
  }, { since: tFault, timeoutMs: 120_000 });
  assert.equal(finalizedDuringStall, stalledAt, 'no block finalized with only 2 of 4 validators');
  const bestAtRestart = max(survivors.map((n) => stall.value[n].best));
  await checkpoint();

  const tRestart = Date.now();
  await net.start(...lost);
  const rpcUpMs = Date.now() - tRestart;
  const resumed = await net.waitFor('finality resumes', async () => {
    const h = await net.heads(survivors);
    return survivors.some((n) => h[n]?.finalized > stalledAt) ? h : null;
  }, { since: tRestart, timeoutMs: 180_000, intervalMs: 250 });
  const all = await net.waitFinalized(NAMES, bestAtRestart, { since: tRestart, timeoutMs: 180_000 });
  await net.checkCheckpoints(checkpoints);
  report.twoLost = {
    lost: ['bob (SIGKILL)', 'dave (SIGKILL)'],
    finalizedAtFault: pre.alice?.finalized,
    finalizedStalledAt: stalledAt,
    bestAtFault,
    stallObservedMs: stall.ms,
    blocksProducedDuringStall: bestAtRestart - bestAtFault,
    blocksFinalizedDuringStall: finalizedDuringStall - stalledAt,
    msRpcUpAfterRestart: rpcUpMs,
    msToFinalityResume: resumed.ms,
    msToFinalizeAllStallBlocksOnAllFour: all.ms,
    finalizedBlocksLost: 0,
  };
  t.diagnostic(`bob+dave down: finality stalled at #${stalledAt} for ${secs(stall.ms)} s while blocks reached #${bestAtRestart}; `
    + `restarted: finality resumed after ${secs(resumed.ms)} s, all stall blocks finalized on all four after ${secs(all.ms)} s`);
});

scenario('5. kill -9 under a stream of provenance extrinsics: the database reopens, every finalized record is there once, identical on all nodes', async (t) => {
  await ensureHealthy();
  const victim = 'charlie';
  const others = NAMES.filter((n) => n !== victim);
  const api = await connect('alice');
  let streaming = true;
  let streamDone = Promise.resolve();
  const records = [];
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    const modelTx = api.tx.models.register(`0x${randomBytes(32).toString('hex')}`, `0x${randomBytes(32).toString('hex')}`,
      'ipfs://network-test-model', license(), 'network test model', [], []);
    const { events: modelEvents } = await sendAndFinalize(api, modelTx, alice);
    const modelId = findEvent(modelEvents, 'models', 'ModelRegistered').data.id.toNumber();
    const firstDataset = (await api.query.datasets.nextDatasetId()).toNumber();
    const firstBatch = (await api.query.inference.nextBatchId()).toNumber();

    // The stream: alternately register a dataset and anchor a batch, every STREAM_INTERVAL_MS,
    // each with its own nonce, each awaited until finalized.
    let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const submit = (i) => {
      const root = `0x${randomBytes(32).toString('hex')}`;
      const rec = { i, kind: i % 2 === 0 ? 'dataset' : 'batch', root, submittedAt: Date.now() };
      let tx;
      if (rec.kind === 'dataset') {
        rec.uri = `ipfs://network-test/dataset/${i}`;
        rec.sizeBytes = 1_000 + i;
        tx = api.tx.datasets.register(root, rec.sizeBytes, rec.uri, license(), `record ${i}`, [[alice.address, 1_000_000_000]], null);
      } else {
        rec.uri = `ipfs://network-test/batch/${i}`;
        rec.count = 100 + i;
        tx = api.tx.inference.anchorBatch(modelId, root, rec.count, rec.uri);
      }
      rec.done = sendAndFinalize(api, tx, alice, { nonce: nonce++ }).then(({ events, blockHash }) => {
        rec.finalizedAt = Date.now();
        rec.blockHash = blockHash.toHex();
        const ev = rec.kind === 'dataset' ? findEvent(events, 'datasets', 'DatasetRegistered') : findEvent(events, 'inference', 'BatchAnchored');
        rec.id = Number((rec.kind === 'dataset' ? ev.data.id : ev.data.batchId).toString());
      }, (e) => { rec.error = e.message; });
      records.push(rec);
    };
    streamDone = (async () => {
      for (let i = 0; streaming; i++) {
        submit(i);
        await sleep(STREAM_INTERVAL_MS);
      }
    })();
    const finalizedRecords = () => records.filter((r) => r.finalizedAt);

    // Let records accumulate and be finalized before the crash.
    await net.waitFor('8 records finalized under the stream', async () => {
      const errors = records.filter((r) => r.error);
      if (errors.length) throw new Error(`extrinsic failed: ${errors[0].error}`);
      const f = finalizedRecords();
      return f.length >= 8 && f.some((r) => r.kind === 'batch') ? f : null;
    }, { timeoutMs: 120_000 });
    const victimBefore = await net.head(victim);
    assert.ok(victimBefore, `${victim} answers before the crash`);
    const ourBest = await net.heads(others);
    await net.kill(victim); // SIGKILL: no shutdown, no flush
    const tKill = Date.now();
    const beforeKill = records.filter((r) => r.finalizedAt && r.finalizedAt < tKill);
    const bestAtKill = max([victimBefore.best, ...others.map((n) => ourBest[n].best)]);

    // The other three go on producing and finalizing, and the stream goes on.
    const afterFault = await net.waitFinalized(others, bestAtKill + 1, { since: tKill, timeoutMs: 120_000 });

    // Restart on the same base path: the database opens with its finalized chain.
    const tRestart = Date.now();
    await net.start(victim);
    const rpcUpMs = Date.now() - tRestart;
    const reopened = await net.head(victim);
    assert.ok(reopened, `${victim} answers after restart`);
    assert.ok(reopened.finalized > 0, `${victim} reopened its database (finalized #${reopened.finalized}), not a fresh chain`);
    assert.equal(await net.hashAt('alice', reopened.finalized), reopened.finalizedHash, 'reopened finalized head is on the network\'s chain');
    assert.doesNotMatch(net.logTail(victim, 200), /corrupt|Database error|panicked/i);
    // Records the victim had itself finalized before the crash, read from its reopened database.
    const ownFinalized = reopened.finalizedHash;
    let fromOwnDb = 0;
    for (const r of beforeKill) {
      const header = await net.rpc('alice', 'chain_getHeader', [r.blockHash]);
      if (Number(header.number) > reopened.finalized) continue;
      const got = await net.rpc(victim, r.kind === 'dataset' ? 'provenance_getDataset' : 'provenance_getBatch', [r.id, ownFinalized]);
      assert.ok(got, `${r.kind} ${r.id} present in ${victim}'s reopened database`);
      fromOwnDb++;
    }
    const target = (await net.head('alice')).finalized;
    const caught = await net.waitFinalized([victim], target, { since: tRestart, timeoutMs: 120_000 });

    // A little more load on the healed network, then stop the stream; every record must finalize.
    await sleep(8_000);
    streaming = false;
    await streamDone;
    let timer;
    await Promise.race([
      Promise.all(records.map((r) => r.done)),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('records not finalized in 120 s')), 120_000); }),
    ]).finally(() => clearTimeout(timer));
    const errors = records.filter((r) => r.error);
    assert.deepEqual(errors.map((r) => r.error), [], 'every extrinsic of the stream succeeded');

    // One common finalized block on all four nodes; compare every record at it.
    const a = await net.head('alice');
    await net.waitFinalized(NAMES, a.finalized, { timeoutMs: 120_000 });
    const at = a.finalizedHash;
    for (const n of NAMES) assert.equal(await net.hashAt(n, a.finalized), at, `${n} finalized the same #${a.finalized}`);
    let compared = 0;
    for (const r of records) {
      const method = r.kind === 'dataset' ? 'provenance_getDataset' : 'provenance_getBatch';
      const views = await Promise.all(NAMES.map((n) => net.rpc(n, method, [r.id, at])));
      for (const [k, v] of views.entries()) assert.deepEqual(v, views[0], `${r.kind} ${r.id}: ${NAMES[k]} differs from alice`);
      const v = views[0];
      assert.ok(v, `${r.kind} ${r.id} present`);
      assert.equal(v.id, r.id);
      assert.equal(v.uri, r.uri);
      if (r.kind === 'dataset') {
        assert.equal(v.contentRoot, r.root);
        assert.equal(v.sizeBytes, r.sizeBytes);
        assert.equal(v.owner, alice.address);
        const byRoot = await Promise.all(NAMES.map((n) => net.rpc(n, 'provenance_getDatasetByRoot', [r.root, at])));
        for (const b of byRoot) assert.equal(b?.id, r.id, `content root of dataset ${r.id} maps to it alone`);
      } else {
        assert.equal(v.root, r.root);
        assert.equal(v.count, r.count);
        assert.equal(v.modelId, modelId);
      }
      compared++;
    }
    // None duplicated: ids are exactly the next ones after the stream began, one per extrinsic.
    for (const [kind, first, method] of [['dataset', firstDataset, 'provenance_getDataset'], ['batch', firstBatch, 'provenance_getBatch']]) {
      const ids = records.filter((r) => r.kind === kind).map((r) => r.id).sort((x, y) => x - y);
      assert.deepEqual(ids, ids.map((_, k) => first + k), `${kind} ids are consecutive and distinct`);
      for (const n of NAMES) assert.equal(await net.rpc(n, method, [first + ids.length, at]), null, `no extra ${kind} on ${n}`);
    }
    const nextDataset = (await (await api.at(at)).query.datasets.nextDatasetId()).toNumber();
    const nextBatch = (await (await api.at(at)).query.inference.nextBatchId()).toNumber();
    assert.equal(nextDataset - firstDataset, records.filter((r) => r.kind === 'dataset').length);
    assert.equal(nextBatch - firstBatch, records.filter((r) => r.kind === 'batch').length);
    await net.checkCheckpoints(checkpoints);

    report.crashUnderLoad = {
      killed: `${victim} (SIGKILL)`,
      streamIntervalMs: STREAM_INTERVAL_MS,
      recordsFinalizedBeforeKill: beforeKill.length,
      recordsTotal: records.length,
      recordsComparedOnAllFour: compared,
      recordsMissing: 0,
      recordsDuplicated: 0,
      msToFinalizeFirstNewBlockAfterKill: afterFault.ms,
      msRpcUpAfterRestart: rpcUpMs,
      victimFinalizedBeforeKill: victimBefore.finalized,
      victimFinalizedOnReopen: reopened.finalized,
      recordsReadFromReopenedDb: fromOwnDb,
      msToCatchUpAfterRestart: caught.ms,
      finalizedBlocksLost: 0,
    };
    t.diagnostic(`${records.length} records (${beforeKill.length} finalized before kill -9 of ${victim}) identical on all four, none missing or duplicated; `
      + `survivors finalized a new block ${secs(afterFault.ms)} s after the kill; ${victim} reopened at finalized #${reopened.finalized} `
      + `(#${victimBefore.finalized} before the kill) in ${secs(rpcUpMs)} s and caught up in ${secs(caught.ms)} s`);
  } finally {
    streaming = false;
    await streamDone.catch(() => {});
    await api.disconnect().catch(() => {});
  }
});

scenario('6. no finalized block was ever lost, on any node', async () => {
  await net.start();
  assert.ok(checkpoints.length >= 5, `checkpoints recorded: ${checkpoints.length}`);
  await net.checkCheckpoints(checkpoints);
  report.finalizedBlocksLost = 0;
  report.checkpoints = checkpoints.map(([n]) => n);
});
