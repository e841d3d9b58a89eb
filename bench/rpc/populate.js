#!/usr/bin/env node
// Populate step of the RPC latency benchmark (issue #7, "Performance"): fills a fresh `--dev` node
// with what the load runs against, then checks it through the node's own JSON-RPC.
//
//   1. Alice funds `--senders` accounts //Bench/0.. (one transfer each, one block).
//   2. Those accounts register `--datasets` datasets (Datasets.register, random hence distinct
//      content roots), pre-signed in worker threads and submitted pipelined over plain JSON-RPC
//      (bench/throughput's SignerPool and Submitter), until every one is in a block.
//   3. Alice registers `--models` models forming the lineage graph of lib/graph.js: `--depth` + 1
//      generations, 1..`--fan-in` parents from the generation above (Models.register's `parents`,
//      which must already exist: `UnknownParent`), 0..3 cited datasets (which must exist too, hence
//      after step 2). One sender with consecutive nonces, listed generation by generation: the pool
//      keeps nonce order, so parents always come first and model i gets id firstModel + i; the
//      whole graph fits in one or two blocks.
//   4. Verifies with provenance_getModel / getDataset / lineage over HTTP: the counters, the last
//      records, a deepest model's parents, and that its lineage at max_depth = depth reaches all
//      its ancestors untruncated (and is truncated at depth - 1), with the counts lib/graph.js
//      predicts.
//
// Writes `--out` (JSON): ids, the deepest models, the lineage's size and the storage keys of the
// model records (for the load's `state_getStorage` comparison).
//
//   node populate.js --ws ws://127.0.0.1:9944 --http http://127.0.0.1:9944 --out graph.json
//   options: --datasets 10000 --models 1000 --depth 100 --fan-in 4 --senders 10 --seed 7
//            --node-pid <pid> --deadline <epoch ms>
import '../throughput/lib/quiet.js';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Submitter } from '../throughput/lib/submitter.js';
import { SignerPool } from '../throughput/lib/signer.js';
import { makeCalls, signOptions, senderUri, UNIT } from '../throughput/lib/kinds.js';
import { sampleProcess } from '../throughput/lib/proc.js';
import { makeGraph, expectedLineage } from './lib/graph.js';
import { call as rpc, closeDefault } from './lib/http-rpc.js';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const WS = opt('ws', 'ws://127.0.0.1:9944');
const HTTP = opt('http', WS.replace(/^ws/, 'http'));
const OUT = opt('out', 'graph.json');
const N_DATASETS = Number(opt('datasets', 10000));
const N_MODELS = Number(opt('models', 1000));
const DEPTH = Number(opt('depth', 100));
const FAN_IN = Number(opt('fan-in', 4));
const SENDERS = Number(opt('senders', 10));
const SEED = Number(opt('seed', 7));
const NODE_PID = Number(opt('node-pid', 0));
const DEADLINE = Number(opt('deadline', Date.now() + 6 * 60_000));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const log = (...a) => console.log(`[populate ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`, ...a);

let api;

async function connect() {
  const until = Math.min(DEADLINE, Date.now() + 120_000);
  while (true) {
    try {
      const provider = new WsProvider(WS, false);
      await provider.connect();
      api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
      return;
    } catch (e) {
      if (NODE_PID && !sampleProcess(NODE_PID)) throw new Error(`the node (pid ${NODE_PID}) exited`);
      if (Date.now() > until) throw new Error(`cannot connect to ${WS}: ${e.message}`);
      await sleep(500);
    }
  }
}

/** "Section.Name" of a DispatchError. */
function decodeError(err) {
  if (err.isModule) {
    const m = api.registry.findMetaError(err.asModule);
    return `${m.section}.${m.name}`;
  }
  return err.toString();
}

// ------------------------------------------------------------------------------------------------
// Inclusion: every new block's events are counted by "section.Method"; a failed extrinsic aborts.
// ------------------------------------------------------------------------------------------------
const counts = new Map();
const blockLog = [];
let lastBlock = 0;
let failure = null;
let watching = Promise.resolve();

async function scanTo(number) {
  for (let n = lastBlock + 1; n <= number; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const events = await api.query.system.events.at(hash);
    let ours = 0;
    for (const { event } of events) {
      const key = `${event.section}.${event.method}`;
      counts.set(key, (counts.get(key) || 0) + 1);
      if (key === 'system.ExtrinsicFailed' && !failure) failure = `block #${n}: ${decodeError(event.data[0])}`;
      if (key === 'system.ExtrinsicSuccess') ours++;
    }
    lastBlock = n;
    if (ours > 1) blockLog.push({ number: n, extrinsics: ours - 1 });
  }
}

async function watch() {
  lastBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  return api.rpc.chain.subscribeNewHeads((header) => {
    const n = header.number.toNumber();
    watching = watching.then(() => scanTo(n)).catch((e) => { failure = failure || `reading block #${n}: ${e.message}`; });
  });
}

/** Submits `hexes` pipelined, then waits until `event` has been counted `expected` more times. */
async function submitAndWait(what, hexes, event) {
  const before = counts.get(event) || 0;
  const started = Date.now();
  const submitter = new Submitter(WS, { connections: 4, inflight: 128 });
  await submitter.open();
  let rejected = 0;
  let firstReject = null;
  await submitter.run(hexes, {
    stop: () => Date.now() > DEADLINE,
    onAnswer: (i, err) => { if (err) { rejected++; firstReject = firstReject || `#${i}: ${err}`; } },
  });
  submitter.close();
  const submitted = Date.now();
  if (rejected) throw new Error(`${what}: the pool rejected ${rejected} of ${hexes.length}, first ${firstReject}`);
  log(`${what}: ${hexes.length} submitted in ${((submitted - started) / 1000).toFixed(1)} s; waiting for blocks`);
  let shown = 0;
  while (true) {
    const done = (counts.get(event) || 0) - before;
    if (failure) throw new Error(`${what}: an extrinsic failed, ${failure}`);
    if (done >= hexes.length) break;
    if (done !== shown) { log(`${what}: ${done}/${hexes.length} in blocks (#${lastBlock})`); shown = done; }
    if (Date.now() > DEADLINE) throw new Error(`${what}: only ${done} of ${hexes.length} included before the deadline`);
    if (NODE_PID && !sampleProcess(NODE_PID)) throw new Error(`the node (pid ${NODE_PID}) exited`);
    await sleep(250);
  }
  const seconds = (Date.now() - started) / 1000;
  log(`${what}: all ${hexes.length} in blocks after ${seconds.toFixed(1)} s (block #${lastBlock})`);
  return { count: hexes.length, submitSeconds: (submitted - started) / 1000, seconds };
}

// ------------------------------------------------------------------------------------------------
// Verification over HTTP JSON-RPC
// ------------------------------------------------------------------------------------------------
function check(cond, what) {
  if (!cond) throw new Error(`verification failed: ${what}`);
}

async function verify(graph, firstDataset, firstModel) {
  const nextDataset = (await api.query.datasets.nextDatasetId()).toNumber();
  const nextModel = (await api.query.models.nextModelId()).toNumber();
  check(nextDataset === firstDataset + N_DATASETS, `NextDatasetId ${nextDataset}, expected ${firstDataset + N_DATASETS}`);
  check(nextModel === firstModel + N_MODELS, `NextModelId ${nextModel}, expected ${firstModel + N_MODELS}`);
  check(await rpc(HTTP, 'provenance_getDataset', [nextDataset - 1]) !== null, `dataset ${nextDataset - 1} missing`);
  check(await rpc(HTTP, 'provenance_getDataset', [nextDataset]) === null, `dataset ${nextDataset} should not exist`);
  check(await rpc(HTTP, 'provenance_getModel', [nextModel]) === null, `model ${nextModel} should not exist`);

  // Every deepest model's record is the one the graph planned (ids follow the submission order).
  for (const id of graph.deepest) {
    const planned = graph.models[id - firstModel];
    const m = await rpc(HTTP, 'provenance_getModel', [id]);
    check(m && m.id === id, `model ${id} missing`);
    const got = m.parents.map((p) => p.id).sort((a, b) => a - b).join(',');
    const want = planned.parents.map(([p]) => p).sort((a, b) => a - b).join(',');
    check(got === want, `model ${id}: parents ${got}, planned ${want}`);
    check([...m.datasets].sort((a, b) => a - b).join(',') === [...planned.datasets].sort((a, b) => a - b).join(','), `model ${id}: datasets differ`);
  }

  // The deepest model's lineage: complete at max_depth = DEPTH, truncated one level short.
  const root = graph.deepest[0];
  const want = expectedLineage(graph, root, DEPTH);
  const started = process.hrtime.bigint();
  const full = await rpc(HTTP, 'provenance_lineage', [root, DEPTH]);
  const firstCallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const got = { models: full.models.length, datasets: full.datasets.length, edges: full.edges.length, truncated: full.truncated };
  check(JSON.stringify(got) === JSON.stringify(want), `lineage(${root}, ${DEPTH}) = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  const bases = new Set(graph.levels[0]);
  check(full.models.some((m) => bases.has(m.id)), `lineage(${root}, ${DEPTH}) reaches no base model`);
  const short = await rpc(HTTP, 'provenance_lineage', [root, DEPTH - 1]);
  check(short.truncated === true, `lineage(${root}, ${DEPTH - 1}) should be truncated`);
  const bytes = Buffer.byteLength(JSON.stringify({ jsonrpc: '2.0', id: 1, result: full }));
  log(`verified: ${N_DATASETS} datasets (ids ${firstDataset}..${nextDataset - 1}), ${N_MODELS} models (ids ${firstModel}..${nextModel - 1}); ` +
    `lineage(${root}, ${DEPTH}): ${got.models} models, ${got.datasets} datasets, ${got.edges} edges, ${(bytes / 1024).toFixed(0)} KiB, ` +
    `not truncated (truncated at ${DEPTH - 1}); first call ${firstCallMs.toFixed(1)} ms`);
  return { ...got, bytes, firstCallMs };
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
async function main() {
  await connect();
  await cryptoWaitReady();
  const { call, modelTx } = makeCalls(api);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const senders = Array.from({ length: SENDERS }, (_, s) => keyring.addFromUri(senderUri(s)));
  const firstDataset = (await api.query.datasets.nextDatasetId()).toNumber();
  const firstModel = (await api.query.models.nextModelId()).toNumber();
  const graph = makeGraph({
    models: N_MODELS, depth: DEPTH, maxFanIn: FAN_IN, datasets: N_DATASETS, firstDataset, firstModel, seed: SEED,
  });
  const fanIns = graph.models.filter((m) => m.level > 0).map((m) => m.parents.length);
  log(`graph: ${N_MODELS} models in ${DEPTH + 1} generations (${graph.levels[0].length}..${graph.levels[DEPTH].length} per generation), ` +
    `fan-in 1..${Math.max(...fanIns)} (mean ${(fanIns.reduce((a, b) => a + b, 0) / fanIns.length).toFixed(2)}), ` +
    `${graph.models.reduce((a, m) => a + m.datasets.length, 0)} dataset citations; first ids: dataset ${firstDataset}, model ${firstModel}`);
  const unsub = await watch();
  const timings = {};

  // 1. Funding: each sender's deposits and fees for its share of the datasets, with a margin.
  let aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  const perSender = Math.ceil(N_DATASETS / SENDERS);
  const fund = BigInt(perSender + 100) * UNIT;
  const fundTx = senders.map((s, i) => call('balances', 'transferKeepAlive', { dest: s.address, value: fund })
    .sign(alice, signOptions(api, aliceNonce + i)).toHex());
  aliceNonce += SENDERS;
  timings.fund = await submitAndWait(`funding ${SENDERS} senders`, fundTx, 'balances.Transfer');

  // 2. Datasets, signed in worker threads (one per core), round-robin over the senders.
  let t = Date.now();
  const signers = new SignerPool(WS, senders.map((p) => p.address), availableParallelism());
  await signers.start();
  const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  const datasetTx = await signers.sign('dataset', {}, nonces, N_DATASETS);
  await signers.stop();
  const signDatasets = (Date.now() - t) / 1000;
  log(`signed ${N_DATASETS} Datasets.register in ${signDatasets.toFixed(1)} s`);
  timings.datasets = { ...(await submitAndWait('datasets', datasetTx, 'datasets.DatasetRegistered')), signSeconds: signDatasets };

  // 3. Models, generation by generation, from Alice with consecutive nonces.
  t = Date.now();
  const modelHex = graph.models.map((m, i) => modelTx(m.parents, m.datasets).sign(alice, signOptions(api, aliceNonce + i)).toHex());
  const signModels = (Date.now() - t) / 1000;
  log(`signed ${N_MODELS} Models.register in ${signModels.toFixed(1)} s`);
  timings.models = { ...(await submitAndWait('models', modelHex, 'models.ModelRegistered')), signSeconds: signModels };

  await watching;
  unsub();
  // 4. Verification.
  const lineage = await verify(graph, firstDataset, firstModel);
  const modelKeys = graph.models.map((m) => api.query.models.models.key(m.id));
  writeFileSync(OUT, JSON.stringify({
    ws: WS, http: HTTP, seed: SEED, seconds: (Date.now() - t0) / 1000, timings, blocks: blockLog,
    datasets: { first: firstDataset, count: N_DATASETS },
    models: { first: firstModel, count: N_MODELS, depth: DEPTH, maxFanIn: FAN_IN, generations: graph.levels.map((l) => l.length) },
    deepest: graph.deepest,
    lineage: { root: graph.deepest[0], maxDepth: DEPTH, ...lineage },
    modelStorageKeys: modelKeys,
  }, null, 1));
  await api.disconnect();
  closeDefault();
  log(`done -> ${OUT}`);
}

main().then(() => process.exit(0), (e) => { console.error(`populate failed: ${e.stack || e.message}`); process.exit(1); });
