#!/usr/bin/env node
// Latency benchmark (issue "Finality in seconds"): how long a user waits, submit → in a block →
// finalized, for `Datasets.register`, on an idle chain or under a background load of balance
// transfers.
//
// Probes are pre-signed `Datasets.register` extrinsics from their own accounts, submitted at a
// fixed rate with `author_submitAndWatchExtrinsic`; the times are the client's (what a user of
// polkadot.js or the CLI sees). The load is pre-signed `Balances.transfer_keep_alive` from many
// other accounts, sent over plain JSON-RPC at a fixed rate. During the run the chain's block
// interval and finality lag (best − finalized) are sampled from new-head subscriptions.
//
//   node latency.js --url ws://127.0.0.1:9944 --samples 200 --rate 4 --load 300 --out result.json
//
// Options: --samples N (probes), --rate R (probes per second), --load L (transfers per second, 0:
// idle), --load-senders N (200), --probe-senders N (40), --label TEXT, --timeout-s S (per probe,
// 120). Exit status 1 when fewer than 95 % of the probes were finalized.
import './lib/quiet.js';
import { writeFileSync } from 'node:fs';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Submitter } from './lib/submitter.js';
import { makeCalls, signOptions, UNIT } from './lib/kinds.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** p-th percentile (nearest rank) of `xs` (ms), or null. */
export function percentile(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function summary(xs) {
  return { count: xs.length, p50: percentile(xs, 50), p90: percentile(xs, 90), p99: percentile(xs, 99), max: xs.length ? Math.max(...xs) : null };
}

/** Sends `tx` signed by `pair` with consecutive nonces from `nonce`, all awaited in a block. */
async function fund(api, from, nonce, targets, value) {
  const waits = targets.map((dest, i) => new Promise((resolve, reject) => {
    api.tx.balances.transferKeepAlive(dest, value).signAndSend(from, { nonce: nonce + i, era: 0 }, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(`funding ${dest}: ${dispatchError.toString()}`));
      else if (status.isInBlock || status.isFinalized) resolve();
      else if (status.isInvalid || status.isDropped) reject(new Error(`funding ${dest}: ${status.type}`));
    }).catch(reject);
  }));
  await Promise.all(waits);
}

/**
 * Runs one scenario against the node at `url`; resolves with the results object.
 * `log` receives progress lines.
 */
export async function runLatency({
  url, samples = 200, rate = 4, load = 0, loadSenders = 200, probeSenders = 40, label = '', timeoutS = 120,
  log = (m) => console.error(m),
}) {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const run = `${Date.now().toString(36)}`;
  const probes = Array.from({ length: probeSenders }, (_, i) => keyring.addFromUri(`//Latency/${run}/probe/${i}`));
  const loaders = load > 0 ? Array.from({ length: loadSenders }, (_, i) => keyring.addFromUri(`//Latency/${run}/load/${i}`)) : [];
  const { datasetTx } = makeCalls(api);

  // Fund every account from Alice (one nonce each, in parallel).
  const aliceNonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await fund(api, alice, aliceNonce, [...probes, ...loaders].map((p) => p.address), 1000n * UNIT);
  log(`${label}: funded ${probes.length} probe and ${loaders.length} load accounts`);

  // Pre-sign: probes (nonce k for the k-th probe of each sender), then the load.
  const probeTxs = Array.from({ length: samples }, (_, i) => {
    const pair = probes[i % probes.length];
    const nonce = Math.floor(i / probes.length);
    return datasetTx(pair.address).sign(pair, signOptions(api, nonce));
  });
  const durationS = samples / rate + 30;
  const loadCount = Math.ceil(load * durationS);
  const loadHexes = [];
  for (let k = 0; loadHexes.length < loadCount; k++) {
    for (let s = 0; s < loaders.length && loadHexes.length < loadCount; s++) {
      const dest = loaders[(s + 1) % loaders.length].address;
      loadHexes.push(api.tx.balances.transferKeepAlive(dest, UNIT / 1000n).sign(loaders[s], signOptions(api, k)).toHex());
    }
  }
  log(`${label}: signed ${samples} probes and ${loadHexes.length} load transfers`);

  // Chain stats: block interval and finality lag.
  const heads = [];
  let best = 0;
  let finalized = 0;
  const lags = [];
  const unsubNew = await api.rpc.chain.subscribeNewHeads((h) => { best = h.number.toNumber(); heads.push([best, Date.now()]); });
  const unsubFin = await api.rpc.chain.subscribeFinalizedHeads((h) => { finalized = h.number.toNumber(); });
  const lagTimer = setInterval(() => { if (best && finalized) lags.push(best - finalized); }, 1000);

  // Load, paced: at most `load` per second since it started.
  let submitter;
  let stopLoad = false;
  let loadErrors = 0;
  let loadDone = Promise.resolve();
  if (load > 0) {
    submitter = new Submitter(url, { connections: 2, inflight: 128 });
    await submitter.open();
    const t0 = Date.now();
    loadDone = submitter.run(loadHexes, {
      gate: (sent) => sent < ((Date.now() - t0) / 1000) * load,
      stop: () => stopLoad,
      onAnswer: (_, err) => { if (err) loadErrors++; },
    });
    await sleep(5000); // the load is under way before the first probe
  }

  // Probes, paced at `rate` per second.
  const started = Date.now();
  const results = probeTxs.map(() => ({ submitted: null, inBlock: null, finalized: null, error: null }));
  const done = probeTxs.map((tx, i) => new Promise((resolve) => {
    const r = results[i];
    setTimeout(async () => {
      r.submitted = Date.now();
      const timer = setTimeout(() => { r.error ??= 'timeout'; resolve(); }, timeoutS * 1000);
      try {
        const unsub = await api.rpc.author.submitAndWatchExtrinsic(tx, (status) => {
          if (status.isInBlock && r.inBlock === null) r.inBlock = Date.now();
          if (status.isFinalized) {
            if (r.inBlock === null) r.inBlock = Date.now();
            r.finalized = Date.now();
            clearTimeout(timer);
            unsub();
            resolve();
          } else if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
            r.error = status.type;
            clearTimeout(timer);
            unsub();
            resolve();
          }
        });
      } catch (e) {
        r.error = e.message;
        clearTimeout(timer);
        resolve();
      }
    }, (i / rate) * 1000);
  }));
  await Promise.all(done);
  const probeSeconds = (Date.now() - started) / 1000;
  stopLoad = true;
  await loadDone;
  submitter?.close();
  clearInterval(lagTimer);
  unsubNew();
  unsubFin();

  const ok = results.filter((r) => r.finalized !== null);
  const toBlock = ok.map((r) => r.inBlock - r.submitted);
  const toFinal = ok.map((r) => r.finalized - r.submitted);
  const intervals = [];
  for (let i = 1; i < heads.length; i++) if (heads[i][0] === heads[i - 1][0] + 1) intervals.push(heads[i][1] - heads[i - 1][1]);
  const blocksInWindow = heads.filter(([, t]) => t >= started).length;
  const out = {
    label,
    url,
    startedAt: new Date(started).toISOString(),
    options: { samples, rate, load, loadSenders: loaders.length, probeSenders: probes.length },
    probeSeconds,
    finalizedProbes: ok.length,
    failedProbes: results.filter((r) => r.finalized === null).map((r) => r.error ?? 'unknown'),
    submitToInBlockMs: summary(toBlock),
    submitToFinalizedMs: summary(toFinal),
    blockIntervalMs: { ...summary(intervals), mean: intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : null },
    finalityLagBlocks: { mean: lags.length ? lags.reduce((a, b) => a + b, 0) / lags.length : null, max: lags.length ? Math.max(...lags) : null },
    load: { offeredPerSecond: load, sent: load > 0 ? Math.min(loadHexes.length, Math.floor(load * probeSeconds)) : 0, errors: loadErrors },
    blocksDuringProbes: blocksInWindow,
    // The ten slowest probes: which sender and nonce, when sent (s after the first), how long.
    slowest: results
      .map((r, i) => ({ index: i, sender: i % probes.length, nonce: Math.floor(i / probes.length), sentAtS: (r.submitted - started) / 1000, inBlockMs: r.inBlock - r.submitted, finalizedMs: r.finalized - r.submitted }))
      .filter((x) => Number.isFinite(x.finalizedMs))
      .sort((a, b) => b.finalizedMs - a.finalizedMs)
      .slice(0, 10),
  };
  await api.disconnect();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
  const result = await runLatency({
    url: opt('url', 'ws://127.0.0.1:9944'),
    samples: Number(opt('samples', 200)),
    rate: Number(opt('rate', 4)),
    load: Number(opt('load', 0)),
    loadSenders: Number(opt('load-senders', 200)),
    probeSenders: Number(opt('probe-senders', 40)),
    label: opt('label', ''),
    timeoutS: Number(opt('timeout-s', 120)),
  });
  const text = JSON.stringify(result, null, 2);
  const outPath = opt('out', null);
  if (outPath) writeFileSync(outPath, text + '\n');
  console.log(text);
  process.exit(result.finalizedProbes >= 0.95 * result.options.samples ? 0 : 1);
}
