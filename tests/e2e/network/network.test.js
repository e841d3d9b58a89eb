// A real validator network: four `--chain local` validators (Alice, Bob, Charlie, Dave) started by
// scripts/local-testnet.sh on free loopback ports, then lost validators, crashes and restarts, and
// nothing finalized is ever lost:
//   1. all four reach finality;
//   2. Charlie is killed (SIGKILL) under a stream of provenance extrinsics (a model, then datasets
//      and inference batches sent to Alice): the other three keep producing and finalizing;
//   3. Charlie restarts on the same base path: its database opens and it catches up;
//   4. every record (finalized before the kill or after) is on all four nodes, identical, once;
//   5. Bob (SIGTERM) and Dave (SIGKILL) are lost: blocks continue, finality stalls; they restart and
//      finality resumes by itself;
//   6. every finalized block seen before each fault is still canonical on every node.
// Figures (time to finality after each fault, blocks lost) go to the test output and to
// $NETWORK_REPORT (default: $TMPDIR/provenance-network-report.json); docs/RELIABILITY.md records them.
//
// Run: cd tests/e2e && npm run test:network   (4-5 minutes on 2 cores). Bounded by a watchdog
// ($NETWORK_SUITE_LIMIT_MS, default 9 min); every node is stopped at the end, on failure or on a
// signal too. KEEP_TESTNET=1 keeps the run directory (nodes' logs); it is also kept on failure.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { rpc as provenanceRpc, license } from '@provenance-chain/client';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { NAMES, sleep } from './testnet.js';
import { networkSuite } from './suite.js';

// One extrinsic every STREAM_INTERVAL_MS during the crash-under-load scenarios.
const STREAM_INTERVAL_MS = Number(process.env.NETWORK_STREAM_INTERVAL_MS || 1_500);

let net;
const checkpoints = []; // [number, hash] of finalized blocks seen before each fault
// The whole file is bounded: whatever hangs, the nodes are killed and the process exits.
const { report, step: scenario } = networkSuite({
  name: 'network',
  limitMs: Number(process.env.NETWORK_SUITE_LIMIT_MS || 9 * 60_000),
  reportFile: process.env.NETWORK_REPORT || join(tmpdir(), 'provenance-network-report.json'),
  onStart: (testnet) => { net = testnet; },
  onEnd: async () => {
    await stopStream();
    if (stream.api) await stream.api.disconnect().catch(() => {});
    console.log(`network report:\n${JSON.stringify(report, null, 2)}`);
  },
});
report.date = new Date().toISOString();
report.machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };

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

// The stream of provenance extrinsics (scenarios 2-4), submitted to Alice, who is never killed.
const stream = { records: [], running: false, loop: Promise.resolve(), api: undefined };

async function stopStream() {
  stream.running = false;
  await stream.loop.catch(() => {});
}

scenario('1. four validators start and reach finality on all four nodes', async (t) => {
  const t0 = Date.now();
  const out = await net.start();
  const rpcUpMs = Date.now() - t0;
  for (const n of NAMES) assert.match(out, new RegExp(`^${n} ws://127\\.0\\.0\\.1:${net.rpcPorts[n]}$`, 'm'));
  const { value: h, ms } = await net.waitFinalized(NAMES, 1, { since: t0, timeoutMs: 240_000 });
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
  await net.waitFor(`alice imports #${a.best + 1}`, async () => (await net.head('alice'))?.best > a.best, { intervalMs: 200 });
  const tImport = Date.now();
  const { ms: steadyMs } = await net.waitFinalized(NAMES, a.best + 1, { since: tImport, intervalMs: 250 });

  const status = await net.script('status');
  for (const n of NAMES) assert.match(status, new RegExp(`^${n} +\\d+ +ws://127\\.0\\.0\\.1:${net.rpcPorts[n]} +\\d+ +\\d+ +\\d+`, 'm'));

  // Prometheus metrics are served on each node's port.
  const metrics = await (await fetch(`http://127.0.0.1:${net.promPorts.alice}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  assert.match(metrics, /substrate_block_height\{[^}]*status="finalized"/);

  await checkpoint();
  report.start = { msRpcUp: rpcUpMs, msToFinalityOnAllFour: ms, msBlockImportToFinalizedOnAll: steadyMs };
  t.diagnostic(`RPC of all four up ${secs(rpcUpMs)} s after start, first finality on all four after ${secs(ms)} s; `
    + `steady state: a block is finalized on all four ${secs(steadyMs)} s after its import`);
});

scenario('2. kill -9 one validator under a stream of provenance extrinsics: the other three keep producing and finalizing', async (t) => {
  await ensureHealthy();
  const victim = 'charlie';
  const survivors = NAMES.filter((n) => n !== victim);
  const api = await connect('alice');
  stream.api = api;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  stream.alice = alice.address;
  stream.firstDataset = (await api.query.datasets.nextDatasetId()).toNumber();
  stream.firstBatch = (await api.query.inference.nextBatchId()).toNumber();
  // Nobody else registers models on this network: the model registered first gets this id, and
  // the batches anchored for it come after it in nonce order.
  stream.modelId = (await api.query.models.nextModelId()).toNumber();

  // The stream: one model, then alternately a dataset and a batch every STREAM_INTERVAL_MS, each
  // with its own nonce, each followed until finalized.
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  const submit = (i) => {
    const root = `0x${randomBytes(32).toString('hex')}`;
    const kind = i === 0 ? 'model' : i % 2 === 1 ? 'dataset' : 'batch';
    const rec = { i, kind, root, uri: `ipfs://network-test/${kind}/${i}`, submittedAt: Date.now() };
    let tx;
    if (kind === 'model') {
      tx = api.tx.models.register(root, `0x${randomBytes(32).toString('hex')}`, rec.uri, license(), 'network test model', [], [], null);
    } else if (kind === 'dataset') {
      rec.sizeBytes = 1_000 + i;
      tx = api.tx.datasets.register(root, rec.sizeBytes, rec.uri, license(), `record ${i}`, [[alice.address, 1_000_000_000]], null, null);
    } else {
      rec.count = 100 + i;
      tx = api.tx.inference.anchorBatch(stream.modelId, root, rec.count, rec.uri);
    }
    rec.done = sendAndFinalize(api, tx, alice, { nonce: nonce++ }).then(({ events, blockHash }) => {
      rec.finalizedAt = Date.now();
      rec.blockHash = blockHash.toHex();
      const [section, method, field] = {
        model: ['models', 'ModelRegistered', 'id'],
        dataset: ['datasets', 'DatasetRegistered', 'id'],
        batch: ['inference', 'BatchAnchored', 'batchId'],
      }[kind];
      rec.id = Number(findEvent(events, section, method).data[field].toString());
    }, (e) => { rec.error = e.message; });
    stream.records.push(rec);
  };
  stream.running = true;
  stream.loop = (async () => {
    for (let i = 0; stream.running; i++) {
      submit(i);
      await sleep(STREAM_INTERVAL_MS);
    }
  })();

  // Let records accumulate and be finalized before the crash.
  await net.waitFor('records finalized under the stream', async () => {
    const errors = stream.records.filter((r) => r.error);
    if (errors.length) throw new Error(`extrinsic failed: ${errors[0].kind} ${errors[0].i}: ${errors[0].error}`);
    const f = stream.records.filter((r) => r.finalizedAt);
    return f.filter((r) => r.kind === 'dataset').length >= 3 && f.filter((r) => r.kind === 'batch').length >= 2;
  }, { timeoutMs: 150_000 });

  await checkpoint();
  const victimBefore = await net.head(victim);
  assert.ok(victimBefore, `${victim} answers before the crash`);
  const pre = await net.heads(survivors);
  await net.kill(victim); // SIGKILL: no shutdown, no flush
  const tKill = Date.now();
  stream.tKill = tKill;
  stream.victim = victim;
  stream.victimBefore = victimBefore;
  stream.beforeKill = stream.records.filter((r) => r.finalizedAt && r.finalizedAt < tKill);
  const bestAtKill = max([victimBefore.best, ...survivors.map((n) => pre[n].best)]);
  assert.equal(await net.head(victim), null, `${victim} is down`);

  // The first block authored after the crash is finalized by the three survivors, and finality goes on.
  const first = await net.waitFinalized(survivors, bestAtKill + 1, { since: tKill, timeoutMs: 120_000 });
  const more = await net.waitFinalized(survivors, bestAtKill + 2, { since: tKill, timeoutMs: 120_000 });
  await net.checkCheckpoints(checkpoints, survivors);
  const errors = stream.records.filter((r) => r.error);
  assert.deepEqual(errors.map((r) => `${r.kind} ${r.i}: ${r.error}`), [], 'stream extrinsics succeed while a validator is down');
  report.oneLost = {
    lost: `${victim} (SIGKILL, under load)`,
    bestAtFault: bestAtKill,
    finalizedAtFault: pre.alice.finalized,
    msToFinalizeFirstNewBlock: first.ms,
    msToFinalize2NewBlocks: more.ms,
    recordsFinalizedBeforeKill: stream.beforeKill.length,
    finalizedBlocksLost: 0,
  };
  t.diagnostic(`${victim} killed (-9) with ${stream.beforeKill.length} records finalized: block #${bestAtKill + 1} (first after the crash) `
    + `finalized on the 3 survivors after ${secs(first.ms)} s, #${bestAtKill + 2} after ${secs(more.ms)} s`);
});

scenario('3. restarted on the same base path, the crashed validator opens its database and catches up to the finalized head', async (t) => {
  const { victim, victimBefore, beforeKill } = stream;
  assert.ok(victim, 'scenario 2 crashed a validator');
  const a = await net.head('alice');
  const tRestart = Date.now();
  await net.start(victim); // resolves once its RPC answers: its database opened
  const rpcUpMs = Date.now() - tRestart;
  const reopened = await net.head(victim);
  assert.ok(reopened, `${victim} answers after restart`);
  assert.ok(reopened.finalized > 0, `${victim} reopened its database (finalized #${reopened.finalized}), not a fresh chain`);
  assert.equal(await net.hashAt('alice', reopened.finalized), reopened.finalizedHash, 'reopened finalized head is on the network\'s chain');
  assert.doesNotMatch(net.logTail(victim, 200), /corrupt|Database error|panicked/i);
  // What the reopened database held, before any sync: the node logs its best block at startup.
  // The line can land in the log a moment after the RPC server answers: wait for it.
  const { value: dbBest } = await net.waitFor(`${victim} logged its database's best block`, async () => {
    const startLog = net.log(victim).split(/^=== .* start /m).pop();
    const m = /Highest known block at #(\d+)/.exec(startLog);
    return m ? Number(m[1]) : null;
  }, { timeoutMs: 30_000, intervalMs: 250 });
  assert.ok(dbBest >= victimBefore.finalized, `database reopened with best #${dbBest}: every block finalized before the kill (#${victimBefore.finalized}) is in it`);
  assert.equal(await net.hashAt(victim, victimBefore.finalized), victimBefore.finalizedHash, 'same finalized block as before the kill');
  const caught = await net.waitFinalized([victim], a.finalized, { since: tRestart, timeoutMs: 120_000 });
  assert.equal(await net.hashAt(victim, a.finalized), a.finalizedHash, `${victim} finalized the same block`);
  const now = await net.head('alice');
  const live = await net.waitFinalized([victim], now.finalized, { since: tRestart, timeoutMs: 60_000 });
  await net.checkCheckpoints(checkpoints);
  report.oneRestarted = {
    restarted: victim,
    msRpcUp: rpcUpMs,
    victimFinalizedBeforeKill: victimBefore.finalized,
    victimBestInDatabaseOnReopen: dbBest,
    networkFinalizedAtRestart: a.finalized,
    msToReachFinalizedHeadAtRestart: caught.ms,
    msToReachLiveFinalizedHead: live.ms,
  };
  t.diagnostic(`${victim} restarted: database reopened with best #${dbBest} (finalized #${victimBefore.finalized} before the kill), RPC up after ${secs(rpcUpMs)} s, reached the network's finalized #${a.finalized} after ${secs(caught.ms)} s`);
});

scenario('4. every record finalized before the kill, and every one after, is on all four nodes, identical, none duplicated', async (t) => {
  const { api, records, beforeKill, firstDataset, firstBatch, modelId } = stream;
  assert.ok(api && beforeKill?.length, 'scenario 2 ran the stream');
  await sleep(Math.max(0, 6_000 - (Date.now() - stream.tKill)));
  await stopStream();
  let timer;
  await Promise.race([
    Promise.all(records.map((r) => r.done)),
    new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('stream records not finalized in 120 s')), 120_000); }),
  ]).finally(() => clearTimeout(timer));
  assert.deepEqual(records.filter((r) => r.error).map((r) => `${r.kind} ${r.i}: ${r.error}`), [], 'every extrinsic of the stream succeeded');

  // One common finalized block on all four nodes; compare every record at it.
  const a = await net.head('alice');
  await net.waitFinalized(NAMES, a.finalized, { timeoutMs: 120_000 });
  const at = a.finalizedHash;
  for (const n of NAMES) assert.equal(await net.hashAt(n, a.finalized), at, `${n} finalized the same #${a.finalized}`);
  const methods = { model: 'provenance_getModel', dataset: 'provenance_getDataset', batch: 'provenance_getBatch' };
  for (const r of records) {
    const views = await Promise.all(NAMES.map((n) => net.rpc(n, methods[r.kind], [r.id, at])));
    for (const [k, v] of views.entries()) assert.deepEqual(v, views[0], `${r.kind} ${r.id}: ${NAMES[k]} differs from alice`);
    const v = views[0];
    assert.ok(v, `${r.kind} ${r.id} present`);
    assert.equal(v.id, r.id);
    assert.equal(v.uri, r.uri);
    if (r.kind === 'model') {
      assert.equal(v.id, modelId);
      assert.equal(v.weightsRoot, r.root);
    } else if (r.kind === 'dataset') {
      assert.equal(v.contentRoot, r.root);
      assert.equal(v.sizeBytes, r.sizeBytes);
      assert.equal(v.owner, stream.alice);
      const byRoot = await Promise.all(NAMES.map((n) => net.rpc(n, 'provenance_getDatasetByRoot', [r.root, at])));
      for (const b of byRoot) assert.equal(b?.id, r.id, `content root of dataset ${r.id} maps to it alone`);
    } else {
      assert.equal(v.root, r.root);
      assert.equal(v.count, r.count);
      assert.equal(v.modelId, modelId);
    }
  }
  // None duplicated: ids are exactly the next ones after the stream began, one per extrinsic.
  for (const [kind, first] of [['dataset', firstDataset], ['batch', firstBatch]]) {
    const ids = records.filter((r) => r.kind === kind).map((r) => r.id).sort((x, y) => x - y);
    assert.deepEqual(ids, ids.map((_, k) => first + k), `${kind} ids are consecutive and distinct`);
    for (const n of NAMES) assert.equal(await net.rpc(n, methods[kind], [first + ids.length, at]), null, `no extra ${kind} on ${n}`);
  }
  const state = await api.at(at);
  assert.equal((await state.query.datasets.nextDatasetId()).toNumber() - firstDataset, records.filter((r) => r.kind === 'dataset').length);
  assert.equal((await state.query.inference.nextBatchId()).toNumber() - firstBatch, records.filter((r) => r.kind === 'batch').length);
  await net.checkCheckpoints(checkpoints);
  await api.disconnect().catch(() => {});
  stream.api = undefined;

  report.records = {
    streamIntervalMs: STREAM_INTERVAL_MS,
    finalizedBeforeKill: beforeKill.length,
    total: records.length,
    comparedOnAllFour: records.length,
    missing: 0,
    duplicated: 0,
    differing: 0,
  };
  t.diagnostic(`${records.length} records (${beforeKill.length} finalized before the kill) present on all four at #${a.finalized}, identical, none missing or duplicated`);
});

scenario('5. two validators lost: finality stalls while blocks continue; restarted, it resumes by itself', async (t) => {
  await ensureHealthy();
  const survivors = ['alice', 'charlie'];
  await checkpoint();
  const pre = await net.heads();
  await Promise.all([net.stop('bob'), net.kill('dave')]); // one clean shutdown, one crash
  const tFault = Date.now();
  // Votes already in flight may still finalize a block; let them settle.
  await sleep(3_000);
  const h0 = await net.heads(survivors);
  const stalledAt = max(survivors.map((n) => h0[n].finalized));
  const bestAtFault = max([...survivors.map((n) => h0[n].best), ...NAMES.map((n) => pre[n]?.best ?? 0)]);
  // Two of four validators (not more than 2/3): blocks continue, finality does not move.
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
  await net.start('bob', 'dave');
  const rpcUpMs = Date.now() - tRestart;
  const resumed = await net.waitFor('finality resumes', async () => {
    const h = await net.heads(survivors);
    return survivors.some((n) => h[n]?.finalized > stalledAt) ? h : null;
  }, { since: tRestart, timeoutMs: 180_000, intervalMs: 250 });
  const all = await net.waitFinalized(NAMES, bestAtRestart, { since: tRestart, timeoutMs: 180_000 });
  await net.checkCheckpoints(checkpoints);
  report.twoLost = {
    lost: ['bob (SIGTERM)', 'dave (SIGKILL)'],
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
    + `restarted (RPC up after ${secs(rpcUpMs)} s): finality resumed after ${secs(resumed.ms)} s, all stall blocks finalized on all four after ${secs(all.ms)} s`);
});

scenario('6. no finalized block was ever lost, on any node', async () => {
  await net.start();
  assert.ok(checkpoints.length >= 4, `checkpoints recorded: ${checkpoints.length}`);
  await net.checkCheckpoints(checkpoints);
  report.finalizedBlocksLost = 0;
  report.checkpoints = checkpoints.map(([n]) => n);
});
