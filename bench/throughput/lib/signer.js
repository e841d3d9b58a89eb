// Pre-signing in worker threads (one per core): each worker connects its own polkadot.js to the
// node for the metadata, derives the sender keys it is given, and signs their extrinsics.
import './quiet.js';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { makeKinds, signOptions, senderUri } from './kinds.js';

/** Signs `count` extrinsics of `kind` for each `{ s, nonce, count }` job: `{ [s]: [hex, ...] }`. */
function signJobs(api, pairs, addresses, ids, kind, jobs) {
  const kinds = makeKinds(api, addresses, ids);
  const build = kinds[kind].build;
  const out = {};
  for (const { s, nonce, count } of jobs) {
    const list = new Array(count);
    for (let j = 0; j < count; j++) list[j] = build(s, nonce + j).sign(pairs.get(s), signOptions(api, nonce + j)).toHex();
    out[s] = list;
  }
  return out;
}

if (!isMainThread && workerData?.role === 'bench-signer') {
  const { url, senders, addresses } = workerData;
  await cryptoWaitReady();
  const provider = new WsProvider(url, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pairs = new Map(senders.map((s) => [s, keyring.addFromUri(senderUri(s))]));
  parentPort.postMessage({ ready: true });
  parentPort.on('message', (msg) => {
    if (msg.exit) { api.disconnect().finally(() => process.exit(0)); return; }
    try {
      parentPort.postMessage({ id: msg.id, out: signJobs(api, pairs, addresses, msg.ids, msg.kind, msg.jobs) });
    } catch (e) {
      parentPort.postMessage({ id: msg.id, error: e.message });
    }
  });
}

/** A pool of `count` signing workers; sender `s` belongs to worker `s % count`. */
export class SignerPool {
  constructor(url, addresses, count) {
    this.url = url;
    this.addresses = addresses;
    this.count = count;
    this.workers = [];
    this.nextId = 1;
  }

  async start() {
    const started = [];
    for (let w = 0; w < this.count; w++) {
      const senders = this.addresses.map((_, s) => s).filter((s) => s % this.count === w);
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { role: 'bench-signer', url: this.url, senders, addresses: this.addresses },
      });
      const pending = new Map();
      worker.on('message', (m) => {
        if (m.ready) return;
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.error) p.reject(new Error(m.error)); else p.resolve(m.out);
      });
      worker.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
      started.push(new Promise((resolve, reject) => {
        worker.once('message', (m) => (m.ready ? resolve() : undefined));
        worker.once('error', reject);
      }));
      this.workers.push({ worker, pending });
    }
    await Promise.all(started);
  }

  /**
   * `n` signed extrinsics of `kind`, round-robin over the senders (extrinsic `i` is sent by
   * `i % senders`), sender `s` starting at `nonces[s]`.
   */
  async sign(kind, ids, nonces, n) {
    const S = this.addresses.length;
    const perWorker = this.workers.map(() => []);
    for (let s = 0; s < S; s++) {
      const count = Math.floor(n / S) + (s < n % S ? 1 : 0);
      if (count) perWorker[s % this.count].push({ s, nonce: nonces[s], count });
    }
    const outs = await Promise.all(this.workers.map(({ worker, pending }, w) => new Promise((resolve, reject) => {
      const id = this.nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, kind, ids, jobs: perWorker[w] });
    })));
    const merged = Object.assign({}, ...outs);
    const hexes = new Array(n);
    for (let i = 0; i < n; i++) hexes[i] = merged[i % S][Math.floor(i / S)];
    return hexes;
  }

  async stop() {
    for (const { worker } of this.workers) worker.postMessage({ exit: true });
    await Promise.all(this.workers.map(({ worker }) => new Promise((r) => { worker.once('exit', r); setTimeout(r, 3000); })));
  }
}
