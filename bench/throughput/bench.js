#!/usr/bin/env node
// Throughput load generator for Provenance Chain (issue #11).
//
// For each kind of extrinsic, one after the other on one dev node: pre-signs N extrinsics of that
// kind from many funded accounts, submits them as fast as the node accepts (plain JSON-RPC,
// pipelined), and measures *included* extrinsics per second from the blocks themselves (extrinsic
// counts, `System.ExtrinsicSuccess` events, `System.BlockWeight`, Aura slots), over the blocks that
// were built while submission went on and the pool still held a backlog of that kind ("full
// blocks"), after two ramp-up blocks (the first burst of submissions). Node CPU and memory
// come from /proc/<node-pid>; the block author's own account of each block (time spent, why it
// stopped adding transactions) from the node's log.
//
//   node bench.js --url ws://127.0.0.1:9944 --node-pid 1234 --node-log node.log --out results.json
//
// Options: --kinds transfer,dataset,model,log,anchor,pay  --senders 200  --full-blocks 3  --ramp-blocks 2
//          (also, not in the default list: log-metered, anchor-metered — Inference.log/anchor_batch of
//          a model priced at 10^6 planck per inference over a depth-3 lineage, each sender its own model)
//          --max-tx 60000  --sign-workers <cores>  --deadline <epoch ms by which to finish>
//          --lineages 2000 (for the kind pay-distinct, not in the default list: Royalties.pay over that
//          many lineages of their own, two models each, set up first)
import './lib/quiet.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { bnToU8a, hexToU8a, u8aConcat, u8aToBn, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Submitter } from './lib/submitter.js';
import { SignerPool } from './lib/signer.js';
import { makeCalls, makeKinds, signOptions as signOpts, senderUri, UNIT, METERED_BATCH, h256 } from './lib/kinds.js';
import { sampleProcess, sampleThreads, competingBuilds, load1, CLK_TCK } from './lib/proc.js';

// ------------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const URL = opt('url', 'ws://127.0.0.1:9944');
const NODE_PID = Number(opt('node-pid', 0));
const NODE_LOG = opt('node-log', '');
const OUT = opt('out', 'throughput-results.json');
const KIND_KEYS = opt('kinds', 'transfer,dataset,model,log,anchor,pay').split(',').filter(Boolean);
const SENDERS = Number(opt('senders', 200));
const FULL_BLOCKS = Number(opt('full-blocks', 3));
const MAX_TX = Number(opt('max-tx', 60000));
const DEADLINE = Number(opt('deadline', Date.now() + 9 * 60_000));
const SIGN_WORKERS = Number(opt('sign-workers', availableParallelism()));
const RAMP_BLOCKS = Number(opt('ramp-blocks', 2));
const LINEAGES = Number(opt('lineages', 2000));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ------------------------------------------------------------------------------------------------
// Connection, metadata-driven call construction, errors
// ------------------------------------------------------------------------------------------------
let api;
let provider;

async function connect() {
  const until = Date.now() + 120_000;
  while (true) {
    try {
      provider = new WsProvider(URL, false);
      await provider.connect();
      api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
      return;
    } catch (e) {
      if (NODE_PID && !sampleProcess(NODE_PID)) throw new Error(`the node (pid ${NODE_PID}) exited`);
      if (Date.now() > until) throw new Error(`cannot connect to ${URL}: ${e.message}`);
      await sleep(500);
    }
  }
}

let call;

/** "Section.Name: docs" for a DispatchError. */
function decodeError(err) {
  if (err.isModule) {
    const m = api.registry.findMetaError(err.asModule);
    return `${m.section}.${m.name}${m.docs.length ? `: ${m.docs.join(' ').trim()}` : ''}`;
  }
  return err.toString();
}

/** Signs `tx` (immortal, given nonce), sends it and resolves with its events once in a block. */
function sendInBlock(tx, pair, nonce, what) {
  return new Promise((resolve, reject) => {
    let unsub;
    let done = false;
    const finish = (fn, v) => { if (done) return; done = true; if (unsub) unsub(); fn(v); };
    tx.signAndSend(pair, { nonce, era: 0 }, (res) => {
      const { status, dispatchError, events } = res;
      if (status.isInBlock || status.isFinalized) {
        if (dispatchError) finish(reject, new Error(`${what}: ${decodeError(dispatchError)}`));
        else finish(resolve, events);
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish(reject, new Error(`${what}: transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; if (done) u(); }, (e) => finish(reject, new Error(`${what}: ${e.message}`)));
  });
}

/** The value of field `name` (else the first field) of the first `section.method` event. */
function eventField(events, section, methodRe, name = 'id') {
  const rec = events.find(({ event }) => event.section === section && methodRe.test(event.method));
  if (!rec) throw new Error(`no ${section}.${methodRe} event`);
  const { data } = rec.event;
  const names = data.names || [];
  const i = names.indexOf(name);
  return (i >= 0 ? data[i] : data[0]).toString();
}

// ------------------------------------------------------------------------------------------------
// Accounts and setup
// ------------------------------------------------------------------------------------------------
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
let alice;
let senders = [];
let nonces = [];
let aliceNonce = 0;
const ids = { ownModel: [] };
let datasetTx;
let modelTx;
let KINDS;

async function syncNonces() {
  const infos = await api.query.system.account.multi(senders.map((s) => s.address));
  nonces = infos.map((i) => i.nonce.toNumber());
  aliceNonce = (await api.query.system.account(alice.address)).nonce.toNumber();
}

async function setup() {
  await cryptoWaitReady();
  alice = keyring.addFromUri('//Alice');
  const t0 = Date.now();
  senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(senderUri(i)));
  log(`derived ${SENDERS} sender accounts in ${Date.now() - t0} ms`);
  await syncNonces();
  const maxOperators = api.consts.models?.maxOperators?.toNumber?.();
  log(`Models.MaxOperators = ${maxOperators}: every sender registers its own model for Inference.log/anchor_batch`);

  // Stage 1 (Alice): fund the senders; two datasets and two base models.
  const fund = 1000n * UNIT;
  const s1 = senders.map((s, i) => sendInBlock(call('balances', 'transferKeepAlive', { dest: s.address, value: fund }), alice, aliceNonce + i, `fund //Bench/${i}`));
  aliceNonce += senders.length;
  const d1 = sendInBlock(datasetTx(alice.address), alice, aliceNonce++, 'dataset D1');
  const d2 = sendInBlock(datasetTx(alice.address), alice, aliceNonce++, 'dataset D2');
  const a = sendInBlock(modelTx([], []), alice, aliceNonce++, 'base model A');
  const p2 = sendInBlock(modelTx([], []), alice, aliceNonce++, 'base model P2');
  await Promise.all(s1);
  ids.d1 = eventField(await d1, 'datasets', /Registered/);
  ids.d2 = eventField(await d2, 'datasets', /Registered/);
  ids.a = eventField(await a, 'models', /Registered/);
  ids.p2 = eventField(await p2, 'models', /Registered/);
  log(`stage 1: funded ${SENDERS} senders with ${fund / UNIT} PROV; datasets ${ids.d1}, ${ids.d2}; base models ${ids.a}, ${ids.p2}`);

  // Stage 2: every sender registers its own model; Alice registers B = fine-tune of A on D1.
  const own = senders.map((s, i) => sendInBlock(modelTx([], []), s, nonces[i], `own model of //Bench/${i}`));
  const b = sendInBlock(modelTx([[ids.a, 'FineTune']], [ids.d1]), alice, aliceNonce++, 'model B');
  ids.ownModel = (await Promise.all(own)).map((ev) => eventField(ev, 'models', /Registered/));
  ids.b = eventField(await b, 'models', /Registered/);
  nonces = nonces.map((n) => n + 1);
  log(`stage 2: ${SENDERS} sender models (${ids.ownModel[0]}..); model B ${ids.b}`);

  // Stage 3: C = fine-tune of B on D2 (lineage C -> B -> A, depth 3); upstream of B.
  const c = sendInBlock(modelTx([[ids.b, 'FineTune']], [ids.d2]), alice, aliceNonce++, 'model C');
  const ub = sendInBlock(call('royalties', 'setUpstream', { modelId: ids.b, upstream: 300_000_000 }), alice, aliceNonce++, 'setUpstream(B)');
  ids.c = eventField(await c, 'models', /Registered/);
  await ub;
  // Stage 4: upstream of C, then one probe payment to learn the weight actually used by pay.
  await sendInBlock(call('royalties', 'setUpstream', { modelId: ids.c, upstream: 300_000_000 }), alice, aliceNonce++, 'setUpstream(C)');
  const probe = await probePay(ids.c, 'probe pay(C)');
  ids.payActualRefTime = probe.refTime;
  ids.payCredited = probe.events.filter(({ event }) => event.section === 'royalties' && event.method === 'Credited').length;
  log(`stage 3-4: model C ${ids.c} (C -> B -> A, datasets D2, D1), upstream 30 %; probe pay: ${ids.payCredited} credits, actual weight ${Number(ids.payActualRefTime) / 1e6} us`);
  await syncNonces();
  if (KIND_KEYS.includes('pay-distinct')) await setupLineages();
  if (KIND_KEYS.some((k) => k.endsWith('-metered'))) await setupMetered();
}

/**
 * A metered model Q of `owner` (a quantization of C, 50 % upstream, 1 PROV per inference: enough
 * that one inference's charge reaches every asset of Q -> C -> B -> A, D2, D1 with every credit
 * above the minimum credit, so the dust rule folds none of them).
 */
const meteredModelTx = () => modelTx([[ids.c, 'Quantization']], []);
const meterTxs = (modelId) => [
  call('royalties', 'setUpstream', { modelId, upstream: 500_000_000 }),
  call('royalties', 'setPrice', { modelId, pricePerInference: UNIT }),
];

/** The ref_time an extrinsic of Alice actually used (a metered call declares the bound of a distribution and refunds). */
async function probe(tx, what) {
  const events = await sendInBlock(tx, alice, aliceNonce++, what);
  const ok = events.find(({ event }) => event.section === 'system' && event.method === 'ExtrinsicSuccess');
  if (!ok) throw new Error(`${what} failed`);
  const info = ok.event.data[0];
  return (info.weight ?? info.get('weight')).refTime.toBigInt();
}

/**
 * Stage 6, for the metered kinds: Alice's metered model probes the weight a metered log and anchor
 * actually use; every sender registers its own metered model (an owner may log for its own model).
 */
async function setupMetered() {
  const t = Date.now();
  const q = eventField(await sendInBlock(meteredModelTx(), alice, aliceNonce++, 'metered model Q'), 'models', /Registered/);
  for (const tx of meterTxs(q)) await sendInBlock(tx, alice, aliceNonce++, `meter Q ${q}`);
  ids.logMeteredActualRefTime = await probe(call('inference', 'log', { modelId: q, inputHash: h256(), outputHash: h256(), paramsHash: h256() }), 'probe metered log');
  ids.anchorMeteredActualRefTime = await probe(call('inference', 'anchorBatch', { modelId: q, root: h256(), count: METERED_BATCH, uri: 'ipfs://bench-batch' }), 'probe metered anchor');
  await syncNonces();
  const S = senders.length;
  const models = await submitAll(Array.from({ length: S }, (_, s) => ({ s, tx: meteredModelTx() })), 'metered models');
  if (models.length !== S) throw new Error(`stage 6: ${models.length} of ${S} metered models registered`);
  const senderOf = new Map(senders.map((p, s) => [p.address, s]));
  ids.meteredModel = new Array(S);
  for (const { id, owner } of models) ids.meteredModel[senderOf.get(owner)] = id;
  await submitAll(models.map(({ id, owner }) => ({ s: senderOf.get(owner), tx: meterTxs(id)[0] })), 'setUpstream(own Q)');
  await submitAll(models.map(({ id, owner }) => ({ s: senderOf.get(owner), tx: meterTxs(id)[1] })), 'setPrice(own Q)');
  log(`stage 6: ${S} metered models (${ids.meteredModel[0]}..) in ${((Date.now() - t) / 1000).toFixed(0)} s; probes: metered log ${Number(ids.logMeteredActualRefTime) / 1e6} us, metered anchor ${Number(ids.anchorMeteredActualRefTime) / 1e6} us actual`);
  await syncNonces();
}

/**
 * One `Royalties.pay` from Alice, in a block: its events and the ref_time it actually used (pay
 * declares its worst case and refunds, so this, not the declared weight, sizes the load).
 */
async function probePay(modelId, what) {
  const events = await sendInBlock(call('royalties', 'pay', { modelId, amount: UNIT, expected: null }), alice, aliceNonce++, what);
  const ok = events.find(({ event }) => event.section === 'system' && event.method === 'ExtrinsicSuccess');
  const info = ok.event.data[0];
  return { events, refTime: (info.weight ?? info.get('weight')).refTime.toBigInt() };
}

/**
 * Stage 5, for `pay-distinct` only: LINEAGES lineages X -> Y (X a fine-tune of its own base model Y,
 * 30 % upstream), spread over the senders, so that a block of payments reads no model twice.
 */
async function setupLineages() {
  const t = Date.now();
  const S = senders.length;
  const bases = await submitAll(Array.from({ length: LINEAGES }, (_, i) => ({ s: i % S, tx: modelTx([], []) })), 'base models Y');
  if (bases.length !== LINEAGES) throw new Error(`stage 5: ${bases.length} of ${LINEAGES} base models registered`);
  const tops = await submitAll(bases.map(({ id }, i) => ({ s: i % S, tx: modelTx([[id, 'FineTune']], []) })), 'fine-tunes X');
  if (tops.length !== LINEAGES) throw new Error(`stage 5: ${tops.length} of ${LINEAGES} fine-tunes registered`);
  const senderOf = new Map(senders.map((p, s) => [p.address, s]));
  await submitAll(tops.map(({ id, owner }) => ({ s: senderOf.get(owner), tx: call('royalties', 'setUpstream', { modelId: id, upstream: 300_000_000 }) })), 'setUpstream(X)');
  ids.lineages = tops.map(({ id }) => id);
  ids.payDistinctActualRefTime = (await probePay(ids.lineages[0], 'probe pay(X)')).refTime;
  log(`stage 5: ${LINEAGES} lineages X -> Y (X ${ids.lineages[0]}..) in ${((Date.now() - t) / 1000).toFixed(0)} s; probe pay: actual weight ${Number(ids.payDistinctActualRefTime) / 1e6} us`);
  await syncNonces();
}

/**
 * Signs `{ s, tx }` items with the senders' next nonces, submits them all, waits until every sender's
 * nonce shows them included, and returns the `Models.ModelRegistered` events of those blocks as
 * `{ id, owner }` (in block order). Fails on any rejected or failed extrinsic.
 */
async function submitAll(items, what) {
  const next = [...nonces];
  const hexes = items.map(({ s, tx }) => tx.sign(senders[s], signOptions(next[s]++)).toHex());
  const from = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
  const submitter = new Submitter(URL, { connections: 2, inflight: 128 });
  await submitter.open();
  let rejected = 0;
  let firstError = null;
  await submitter.run(hexes, { onAnswer: (_, err) => { if (err) { rejected++; firstError ??= err; } } });
  submitter.close();
  if (rejected) throw new Error(`${what}: ${rejected} of ${hexes.length} rejected, first: ${firstError}`);
  const until = Date.now() + 180_000;
  for (;;) {
    await syncNonces();
    if (nonces.every((n, s) => n >= next[s])) break;
    if (Date.now() > until) throw new Error(`${what}: not all included after 180 s`);
    await sleep(1000);
  }
  const to = (await api.rpc.chain.getHeader()).number.toNumber();
  const registered = [];
  let failed = 0;
  for (let n = from; n <= to; n++) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
        failed++;
        firstError ??= decodeError(event.data[0]);
      }
      if (event.section === 'models' && event.method === 'ModelRegistered') {
        registered.push({ id: event.data[0].toString(), owner: event.data[1].toString() });
      }
    }
  }
  if (failed) throw new Error(`${what}: ${failed} failed, first: ${firstError}`);
  log(`stage 5: ${items.length} ${what} in blocks ${from}..${to}`);
  return registered;
}

// ------------------------------------------------------------------------------------------------
// Block watching
// ------------------------------------------------------------------------------------------------
let slotMs = 6000;
let inherents = 1;
const blocks = new Map(); // number -> record
let onBlock = null; // the running kind's hook
let chain = Promise.resolve();

function auraSlot(header) {
  for (const l of header.digest.logs) {
    if (l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura') return u8aToBn(l.asPreRuntime[1].toU8a(true)).toNumber();
  }
  return null;
}

function watchBlocks() {
  return api.rpc.chain.subscribeNewHeads((header) => {
    const recv = Date.now();
    const rec = {
      number: header.number.toNumber(), hash: header.hash.toHex(), slot: auraSlot(header), recv,
      proc: sampleProcess(NODE_PID), threads: sampleThreads(NODE_PID), client: process.cpuUsage(),
      load: load1(), builds: competingBuilds(),
    };
    chain = chain.then(async () => {
      const raw = await provider.send('chain_getBlock', [rec.hash]);
      rec.extrinsics = raw.block.extrinsics.length;
      rec.n = Math.max(0, rec.extrinsics - inherents);
      blocks.set(rec.number, rec);
      if (onBlock) onBlock(rec);
    }).catch((e) => log(`block #${rec.number}: ${e.message}`));
  });
}

// ------------------------------------------------------------------------------------------------
// One kind
// ------------------------------------------------------------------------------------------------
let maxNormal;
let baseExtrinsic;
let maxNormalLen;

/** Declared weight (call + transaction extensions) of a signed extrinsic, from the runtime. */
async function weightOf(hex) {
  // TransactionPaymentApi_query_info(uxt, len) through state_call: the runtime API wrapper of
  // this polkadot.js version encodes the extrinsic in a way the runtime cannot decode.
  const len = (hex.length - 2) / 2;
  const raw = await api.rpc.state.call('TransactionPaymentApi_query_info', u8aToHex(u8aConcat(hexToU8a(hex), bnToU8a(len, { bitLength: 32 }))));
  return api.registry.createType('RuntimeDispatchInfo', raw).weight.refTime.toBigInt();
}

function proposerLog() {
  const out = new Map();
  if (!NODE_LOG) return out;
  let text = '';
  try { text = readFileSync(NODE_LOG, 'utf8'); } catch { return out; }
  const re = /Prepared block for proposing at (\d+) \((\d+) ms\).*?end: (\w+); extrinsics_count: (\d+)/g;
  for (const m of text.matchAll(re)) out.set(Number(m[1]), { ms: Number(m[2]), end: m[3], count: Number(m[4]) });
  return out;
}

async function runKind(key) {
  const kind = KINDS[key];
  if (!kind) throw new Error(`unknown kind ${key}; known: ${Object.keys(KINDS).join(', ')}`);
  const res = { key, label: kind.label, flags: [] };
  // This kind's share of the time left (at least 90 s: pre-signing, 2 ramp-up + 3 full blocks and
  // the drain; Royalties.pay comes last and needs less): submission stops 25 s before its end,
  // draining 5 s before.
  const kindStart = Date.now();
  const share = (DEADLINE - kindStart - 20_000) / Math.max(1, remainingKinds);
  const budget = Math.min(DEADLINE - 40_000 - kindStart, Math.max(90_000, share));
  const kindDeadline = kindStart + budget - 25_000;
  log(`=== ${kind.label}`);

  // Capacity estimate from weights (and length): sizes the batch and the pool backlog.
  const sample = kind.build(0, nonces[0]).sign(senders[0], signOptions(nonces[0])).toHex();
  // `Royalties.pay` declares its worst case and refunds: size by the weight a probe payment used.
  const probed = {
    pay: ids.payActualRefTime,
    'pay-distinct': ids.payDistinctActualRefTime,
    'log-metered': ids.logMeteredActualRefTime,
    'anchor-metered': ids.anchorMeteredActualRefTime,
  }[key];
  const callWeight = probed ?? await weightOf(sample);
  const declaredWeight = await weightOf(sample);
  res.weightUs = Number(callWeight + baseExtrinsic) / 1e6;
  res.declaredWeightUs = Number(declaredWeight + baseExtrinsic) / 1e6;
  res.bytes = (sample.length - 2) / 2;
  const byWeight = Number(maxNormal / (callWeight + baseExtrinsic));
  const byLength = Math.floor(maxNormalLen / res.bytes);
  res.capacity = Math.min(byWeight, byLength);
  res.capacityBy = byWeight <= byLength ? 'weight' : 'length';
  const n = Math.max(50, Math.min(MAX_TX, Math.ceil(res.capacity * (FULL_BLOCKS + RAMP_BLOCKS + 2))));

  // Pre-sign N extrinsics, round-robin over the senders, nonces managed here.
  let t = Date.now();
  let hexes;
  if (signers) {
    hexes = await signers.sign(key, ids, nonces, n);
  } else {
    hexes = new Array(n);
    const next = [...nonces];
    for (let i = 0; i < n; i++) {
      const s = i % senders.length;
      hexes[i] = kind.build(s, next[s]).sign(senders[s], signOptions(next[s]++)).toHex();
    }
  }
  res.presigned = n;
  res.presignMs = Date.now() - t;
  log(`weight ${res.weightUs.toFixed(1)} us (declared ${res.declaredWeightUs.toFixed(1)} us), ${res.bytes} bytes -> at most ${res.capacity}/block by ${res.capacityBy}; pre-signed ${n} in ${res.presignMs} ms`);

  // Submit while watching blocks.
  const st = { sent: 0, accepted: [], rejected: 0, reasons: new Map(), included: 0, first: null, saturated: 0, maxCount: 0, recs: [], stopAt: null, sawEmptyAfterStop: false };
  onBlock = (rec) => {
    rec.kind = key;
    st.included += rec.n;
    if (rec.n > 0 && st.first === null) st.first = rec.number;
    if (st.first === null) return;
    const slotStart = rec.slot * slotMs;
    let before = 0;
    for (const ta of st.accepted) if (ta < slotStart) before++;
    rec.leftover = before - st.included;
    rec.saturated = rec.n > 0 && rec.leftover > Math.max(5, 0.01 * rec.n);
    if (rec.saturated && rec.number >= st.first + RAMP_BLOCKS) st.saturated++;
    st.maxCount = Math.max(st.maxCount, rec.n);
    if (st.stopAt && rec.n === 0) st.sawEmptyAfterStop = true;
    st.recs.push(rec);
    log(`#${rec.number}: ${rec.n} extrinsics${rec.saturated ? ' (backlog ' + rec.leftover + ')' : ''}; accepted so far ${st.accepted.length}, load ${rec.load.toFixed(2)}`);
  };
  const submitter = new Submitter(URL, { connections: 4, inflight: 128 });
  await submitter.open();
  t = Date.now();
  const limit = () => Math.max(2.5 * st.maxCount, 1.2 * res.capacity);
  const sentCount = await submitter.run(hexes, {
    gate: (sent) => sent - st.rejected - st.included < limit(),
    stop: () => st.saturated >= FULL_BLOCKS || Date.now() > kindDeadline,
    onAnswer: (i, err) => {
      if (err) {
        st.rejected++;
        st.reasons.set(err, (st.reasons.get(err) || 0) + 1);
      } else st.accepted.push(Date.now());
    },
  });
  st.sent = sentCount;
  submitter.close();
  st.stopAt = Date.now();
  res.submitted = sentCount;
  res.accepted = st.accepted.length;
  res.rejected = st.rejected;
  res.rejectReasons = [...st.reasons.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3);
  res.submitSeconds = (st.stopAt - t) / 1000;
  log(`submitted ${sentCount} in ${res.submitSeconds.toFixed(1)} s: ${res.accepted} accepted, ${res.rejected} rejected${res.rejected ? ` (${res.rejectReasons.map(([r, c]) => `${c}x ${r}`).join('; ')})` : ''}`);

  // Drain: wait until the pool has nothing left of this kind.
  const drainUntil = Math.min(DEADLINE - 15_000, kindStart + budget - 5_000);
  while (Date.now() < drainUntil && st.included < res.accepted && !st.sawEmptyAfterStop) await sleep(250);
  if (st.included < res.accepted) res.flags.push(`drain incomplete: ${res.accepted - st.included} still pending`);
  await chain;
  onBlock = null;

  await analyse(res, st);
  await syncNonces();
  return res;
}

const signOptions = (nonce) => signOpts(api, nonce);

async function analyse(res, st) {
  const withTx = st.recs.filter((r) => r.n > 0);
  if (withTx.length === 0) {
    res.flags.push('no extrinsic of this kind was included');
    return;
  }
  // Events and weight of every block that carried this kind.
  const proposer = proposerLog();
  let firstError = null;
  for (const r of withTx) {
    const [events, weight] = await Promise.all([
      api.query.system.events.at(r.hash),
      api.query.system.blockWeight.at(r.hash),
    ]);
    r.success = 0;
    r.failed = 0;
    for (const { event } of events) {
      if (event.section !== 'system') continue;
      if (event.method === 'ExtrinsicSuccess' && event.data[0].class.isNormal) r.success++;
      if (event.method === 'ExtrinsicFailed') {
        r.failed++;
        if (!firstError) firstError = decodeError(event.data[0]);
      }
    }
    r.weight = weight.normal.refTime.toBigInt();
    r.fill = Number((r.weight * 10000n) / maxNormal) / 100;
    r.proposer = proposer.get(r.number) || null;
  }
  res.failed = withTx.reduce((a, r) => a + r.failed, 0);
  if (firstError) res.flags.push(`${res.failed} failed, first: ${firstError}`);

  // The measuring window: blocks built while a backlog of this kind waited in the pool, except the
  // first block (its slot began before or during the first submissions).
  // Ramp-up, not measured: the first block (its slot began before or during the first submissions)
  // and the second (built while the first burst of submissions was still being validated).
  res.ramp = withTx.filter((r) => r.number < st.first + RAMP_BLOCKS).map((r) => r.n);
  // Blocks whose slot began while submission was still going on measure the node under load from
  // both sides (pool imports and block production); blocks after it only drain the backlog.
  const live = (r) => r.slot * slotMs < st.stopAt;
  const steady = (r) => r.saturated && r.number >= st.first + RAMP_BLOCKS;
  let window = withTx.filter((r) => steady(r) && live(r));
  const drainWindow = withTx.filter((r) => steady(r) && !live(r));
  if (window.length === 0 && drainWindow.length > 0) {
    res.flags.push('no full block while submitting: measured on the backlog after submission');
    window = drainWindow;
  }
  res.saturated = window.length > 0;
  if (drainWindow.length > 0 && window !== drainWindow) {
    const dIncluded = drainWindow.reduce((a, r) => a + r.success, 0);
    const dSeconds = drainWindow.reduce((a, r) => a + ((r.slot - (blocks.get(r.number - 1)?.slot ?? r.slot - 1)) * slotMs) / 1000, 0);
    res.drain = { blocks: drainWindow.map((r) => r.number), perSecond: dIncluded / dSeconds, perBlock: dIncluded / drainWindow.length };
  }
  if (!res.saturated) {
    res.flags.push('never a backlog in the pool: submission-bound');
    window = withTx.filter((r) => r.number > st.first && r.number < withTx[withTx.length - 1].number);
    if (window.length === 0) window = withTx;
  }
  const prev = (r) => blocks.get(r.number - 1);
  let seconds = 0;
  let cpuTicks = 0;
  let wall = 0;
  let clientUs = 0;
  let missed = 0;
  const threads = {};
  for (const r of window) {
    const p = prev(r);
    const slots = p ? r.slot - p.slot : 1;
    missed += slots - 1;
    seconds += (slots * slotMs) / 1000;
    if (p && p.proc && r.proc) {
      cpuTicks += r.proc.ticks - p.proc.ticks;
      wall += r.proc.t - p.proc.t;
      for (const [name, ticks] of Object.entries(r.threads)) threads[name] = (threads[name] || 0) + ticks - (p.threads[name] || 0);
      clientUs += (r.client.user + r.client.system) - (p.client.user + p.client.system);
    }
  }
  const sum = (f) => window.reduce((a, r) => a + f(r), 0);
  const included = sum((r) => r.success);
  res.window = {
    blocks: window.map((r) => r.number),
    seconds,
    included,
    perSecond: included / seconds,
    perBlock: included / window.length,
    fill: sum((r) => r.fill) / window.length,
    cpu: wall ? (cpuTicks / CLK_TCK) / (wall / 1000) * 100 : null,
    clientCpu: wall ? clientUs / 1000 / wall * 100 : null,
    rssMiB: Math.max(...window.map((r) => (r.proc ? r.proc.rssKb : 0))) / 1024,
    load: sum((r) => r.load) / window.length,
    builds: Math.max(...window.map((r) => r.builds)),
    missedSlots: missed,
    proposeMs: window.filter((r) => r.proposer).map((r) => r.proposer.ms),
    ends: window.filter((r) => r.proposer).map((r) => r.proposer.end),
    threads: Object.entries(threads).filter(([, ticks]) => ticks > 0).sort((a, b) => b[1] - a[1]).slice(0, 4)
      .map(([name, ticks]) => [name, wall ? Math.round((ticks / CLK_TCK) / (wall / 1000) * 100) : null]),
  };
  // The blocks of the window that the author closed on the weight limit: the rate weights allow.
  const atLimit = window.filter((r) => r.proposer && r.proposer.end === 'HitBlockWeightLimit');
  res.window.atWeightLimit = {
    blocks: atLimit.length,
    perSecond: atLimit.length ? atLimit.reduce((a, r) => a + r.success, 0) / ((atLimit.length * slotMs) / 1000) : null,
  };
  res.blocks = withTx.map((r) => ({
    number: r.number, n: r.n, success: r.success, failed: r.failed, fill: r.fill, saturated: !!r.saturated,
    leftover: r.leftover, proposer: r.proposer, load: r.load,
  }));
  res.submitRate = res.accepted / Math.max(0.001, res.submitSeconds);
  const w = res.window;
  log(`${res.label}: ${w.perSecond.toFixed(1)}/s, ${w.perBlock.toFixed(0)}/block, fill ${w.fill.toFixed(1)} %, node CPU ${w.cpu?.toFixed(0)} %, RSS ${w.rssMiB.toFixed(0)} MiB over blocks ${w.blocks.join(',')}${res.flags.length ? ` [${res.flags.join('; ')}]` : ''}`);
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
let remainingKinds = KIND_KEYS.length;
let signers = null;

async function main() {
  const started = Date.now();
  await connect();
  const bw = api.consts.system.blockWeights;
  maxNormal = bw.perClass.normal.maxTotal.unwrapOr(bw.maxBlock).refTime.toBigInt();
  baseExtrinsic = bw.perClass.normal.baseExtrinsic.refTime.toBigInt();
  maxNormalLen = api.consts.system.blockLength.max.normal.toNumber();
  try { slotMs = (await api.call.auraApi.slotDuration()).toNumber(); } catch { /* keep 6 s */ }
  const db = api.consts.system.dbWeight;
  log(`max normal weight ${Number(maxNormal) / 1e9} ms/block, base extrinsic ${Number(baseExtrinsic) / 1e6} us, DB read ${db.read.toNumber() / 1e6} us / write ${db.write.toNumber() / 1e6} us, max normal length ${maxNormalLen} B, slot ${slotMs} ms`);

  // Inherents per block: the extrinsic count of an idle block.
  const head = await api.rpc.chain.getBlock();
  inherents = head.block.extrinsics.length;
  const unsub = await watchBlocks();
  ({ call, datasetTx, modelTx } = makeCalls(api));
  await setup();
  KINDS = makeKinds(api, senders.map((p) => p.address), ids);
  if (SIGN_WORKERS > 1) {
    const t = Date.now();
    signers = new SignerPool(URL, senders.map((p) => p.address), SIGN_WORKERS);
    await signers.start();
    log(`${SIGN_WORKERS} signing workers ready in ${Date.now() - t} ms`);
  }

  const results = [];
  for (const key of KIND_KEYS) {
    if (Date.now() > DEADLINE - 60_000) {
      log(`skipping ${key}: too close to the deadline`);
      results.push({ key, label: KINDS[key]?.label || key, flags: ['skipped: out of time'] });
    } else {
      results.push(await runKind(key));
    }
    remainingKinds--;
    writeOut(results, started);
  }
  unsub();
  if (signers) await signers.stop();
  await api.disconnect();
  writeOut(results, started);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s -> ${OUT}`);
}

function writeOut(results, started) {
  const db = api.consts.system.dbWeight;
  writeFileSync(OUT, JSON.stringify({
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    senders: SENDERS, fullBlocks: FULL_BLOCKS, slotMs,
    maxNormalUs: Number(maxNormal) / 1e6, baseExtrinsicUs: Number(baseExtrinsic) / 1e6,
    dbReadUs: db.read.toNumber() / 1e6, dbWriteUs: db.write.toNumber() / 1e6,
    maxNormalLen,
    setup: {
      ...ids, ownModel: ids.ownModel.length, lineages: ids.lineages?.length ?? 0,
      payActualRefTime: String(ids.payActualRefTime), payDistinctActualRefTime: String(ids.payDistinctActualRefTime ?? ''),
    },
    results,
  }, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
}

main().then(() => process.exit(0), (e) => { console.error(`bench failed: ${e.stack || e.message}`); process.exit(1); });
