// A runtime upgrade under load, on a real four-validator network:
//   1. the network starts on the previous release's runtime (spec 103, fixtures/, built by
//      scripts/build-runtime-at.sh), whose validators are fixed Aura and GRANDPA authorities;
//   2. records are registered, then a stream of provenance extrinsics (dataset registrations from
//      two accounts) runs for the rest of the test;
//   3. the upgrade is authorized (`Sudo` → `System.authorize_upgrade`) and applied by an unsigned
//      `System.apply_authorized_upgrade` with the current runtime (spec `CURRENT`, read from runtime/src/lib.rs), whose v104 migration
//      turns the authorities into session validators;
//   4. every node reports that spec (`state_getRuntimeVersion`), the four validators are session
//      validators with their old keys, and the chain authors and finalizes across two session
//      boundaries with the GRANDPA set unchanged;
//   5. nothing is lost: every record registered before the upgrade is returned unchanged (same
//      JSON as before) by every node, every stream record finalized before or after it is on all
//      four nodes, identical; every finalized block seen before the upgrade is still canonical.
// Extrinsics signed for spec 103 and not yet included when the upgrade lands are invalid after it
// (`CheckSpecVersion`): the stream re-signs and resubmits them, as any client does, and the count
// is reported. Figures go to the output and to $UPGRADE_REPORT
// (default $TMPDIR/provenance-upgrade-report.json).
//
// Run: cd tests/e2e && npm run test:upgrade   (about 3 minutes on 2 cores). Bounded by a watchdog
// ($UPGRADE_SUITE_LIMIT_MS, default 12 min); every node is stopped at the end.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { rpc as provenanceRpc } from '@provenance-chain/client';
import { sendAndFinalize } from '../lib/tx.js';
import { registerDataset, registerModel, license, uniqueHash, PERBILL_ONE } from '../lib/chain.js';
import { nodeBinary } from '../lib/node.js';
import { NAMES, sleep } from './testnet.js';
import { networkSuite } from './suite.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OLD_RUNTIME = resolve(HERE, 'fixtures/provenance-runtime-v103.compact.compressed.wasm');
const NEW_RUNTIME = process.env.NEW_RUNTIME
  || resolve(dirname(nodeBinary()), 'wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm');
const SESSION_BLOCKS = 10;
/** The spec version of the current runtime (the one NEW_RUNTIME is built from). */
const CURRENT = Number(/spec_version: (\d+),/.exec(readFileSync(resolve(HERE, '../../../runtime/src/lib.rs'), 'utf8'))[1]);

let net;
let api;
const keyring = new Keyring({ type: 'sr25519' });
const who = (name) => keyring.addFromUri(`//${name}`);
const { report, step } = networkSuite({
  name: 'upgrade',
  limitMs: Number(process.env.UPGRADE_SUITE_LIMIT_MS || 12 * 60_000),
  reportFile: process.env.UPGRADE_REPORT || join(tmpdir(), 'provenance-upgrade-report.json'),
  onStart: (testnet) => {
    net = testnet;
    net.env.TESTNET_CHAIN = oldChainSpec(net.dir);
  },
  onEnd: async () => api?.disconnect(),
});

/**
 * The chain spec of `local` as spec 103 knew it: its genesis runtime is the old wasm, and its
 * genesis patch names the validators as Aura and GRANDPA authorities (spec 103 had no sessions).
 */
function oldChainSpec(dir) {
  const spec = JSON.parse(execFileSync(nodeBinary(), ['export-chain-spec', '--chain', 'local'], { maxBuffer: 64 << 20 }).toString());
  const sr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const ed = new Keyring({ type: 'ed25519', ss58Format: 42 });
  const validators = ['Alice', 'Bob', 'Charlie', 'Dave'];
  const endowed = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
  spec.genesis.runtimeGenesis = {
    code: u8aToHex(readFileSync(OLD_RUNTIME)),
    patch: {
      balances: { balances: endowed.map((n) => [sr.addFromUri(`//${n}`).address, 1_000_000_000_000_000_000]) },
      aura: { authorities: validators.map((n) => sr.addFromUri(`//${n}`).address) },
      grandpa: { authorities: validators.map((n) => [ed.addFromUri(`//${n}`).address, 1]) },
      sudo: { key: sr.addFromUri('//Alice').address },
      councilMembership: { members: ['Alice', 'Bob', 'Charlie'].map((n) => sr.addFromUri(`//${n}`).address) },
    },
  };
  const file = join(dir, 'local-v103.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const specVersion = async (name) => (await net.rpc(name, 'state_getRuntimeVersion')).specVersion;

/** The runtime code's storage key, `:code`: left out of snapshots (the checks run the current code). */
const CODE_KEY = '0x3a636f6465';

/** Every storage pair (hex key, hex value) of node `name`'s state at block `at` except `:code`, in key order. */
async function storagePairs(name, at) {
  const pairs = [];
  let start = null;
  for (;;) {
    const keys = await net.rpc(name, 'state_getKeysPaged', ['0x', 1000, start, at]);
    const wanted = keys.filter((k) => k !== CODE_KEY);
    if (wanted.length > 0) {
      const [{ changes }] = await net.rpc(name, 'state_queryStorageAt', [wanted, at]);
      for (const [k, v] of changes) if (v !== null) pairs.push([k, v]);
    }
    if (keys.length < 1000) break;
    start = keys[keys.length - 1];
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const before103 = []; // { id, json, at } registered before the upgrade
const models103 = []; // { id, json } models registered before the upgrade
const streamed = []; // ids registered by the stream
let streaming = false;
let resubmitted = 0;
const checkpoints = [];

/** `promise`, or a rejection after `ms` naming `what`. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers one dataset from `signer` and returns its id, read back by content root from the node
 * at the block that finalized it: the events of a block next to the upgrade can be decoded with
 * the other runtime's metadata (pallet indices moved between spec 103 and now), so they are not
 * trusted for the id.
 */
async function registerStreamed(signer) {
  const contentRoot = uniqueHash('streamed');
  const tx = api.tx.datasets.register(contentRoot, 123_456, 'ipfs://bafy-streamed', license(), '{"rows":1000}',
    [[signer.address, PERBILL_ONE]], null, null);
  const { blockHash } = await sendAndFinalize(api, tx, signer);
  const view = await net.rpc('alice', 'provenance_getDatasetByRoot', [contentRoot, blockHash.toHex()]);
  if (!view) throw new Error(`streamed dataset ${contentRoot} is not registered at ${blockHash.toHex()}`);
  return view.id;
}

/**
 * Registers datasets from `signer` in a loop while `streaming`. An extrinsic signed for the old
 * spec that the upgrade made invalid, or whose watch ended without a verdict, is signed again, as
 * clients do; a registration whose root is then already taken counts as done by the first copy.
 */
async function stream(signer) {
  while (streaming) {
    try {
      streamed.push(await within(60_000, 'a streamed registration', registerStreamed(signer)));
    } catch (err) {
      if (/Invalid|Dropped|Usurped|1010|1014|timeout/.test(String(err.message))) {
        resubmitted++;
        console.log(`# stream: ${signer.address.slice(0, 8)} resubmits after: ${err.message}`);
        await sleep(1_000);
        continue;
      }
      throw err;
    }
  }
}

let streams;

step('the network runs the previous runtime (spec 103) and records are registered', async () => {
  await net.start();
  await net.waitFinalized(NAMES, 1, { timeoutMs: 240_000 });
  for (const n of NAMES) assert.equal(await specVersion(n), 103, `${n} runs spec 103`);
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${net.rpcPorts.alice}`), rpc: provenanceRpc, noInitWarn: true });
  assert.ok(!api.query.session, 'spec 103 has no Session pallet');
  for (let i = 0; i < 3; i++) {
    const { id, blockHash } = await registerDataset(api, who('Alice'));
    before103.push({ id, at: blockHash.toHex(), json: await net.rpc('alice', 'provenance_getDataset', [id, blockHash.toHex()]) });
  }
  // A lineage: a base model trained on the first dataset and a fine-tune of it on the second.
  const base = await registerModel(api, who('Bob'), { datasets: [before103[0].id] });
  const tuned = await registerModel(api, who('Charlie'), { parents: [[base.id, 'FineTune']], datasets: [before103[1].id] });
  for (const { id, blockHash } of [base, tuned]) {
    models103.push({ id, json: await net.rpc('alice', 'provenance_getModel', [id, blockHash.toHex()]) });
  }
  const h = await net.head('alice');
  checkpoints.push([h.finalized, h.finalizedHash]);
  // The populated spec-103 state, for the runtime's try-runtime checks (runtime/src/try_runtime_tests.rs
  // reads the copy in fixtures/; regenerate it with UPGRADE_STATE_SNAPSHOT=<file> when the fixture
  // runtime changes).
  const top = await storagePairs('alice', h.finalizedHash);
  const snapshot = `{\n "specVersion": 103,\n "block": ${h.finalized},\n "blockHash": "${h.finalizedHash}",\n`
    + ` "top": [\n${top.map((pair) => `  ${JSON.stringify(pair)}`).join(',\n')}\n ]\n}\n`;
  writeFileSync(join(net.dir, 'state-v103.json'), snapshot);
  if (process.env.UPGRADE_STATE_SNAPSHOT) writeFileSync(process.env.UPGRADE_STATE_SNAPSHOT, snapshot);
  report.snapshotPairs = top.length;
});

step(`the runtime is upgraded to spec ${CURRENT} while extrinsics stream in`, async () => {
  streaming = true;
  streams = Promise.all([stream(who('Eve')), stream(who('Ferdie'))]);
  await sleep(15_000); // the stream is running

  const code = readFileSync(NEW_RUNTIME);
  const codeHash = blake2AsHex(code, 256);
  await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.system.authorizeUpgrade(codeHash)), who('Alice'));
  const t0 = Date.now();
  console.log(`# upgrade authorized: ${codeHash}`);
  // Unsigned: anyone may apply an authorized upgrade. Sent over the raw RPC, so nothing waits on
  // a subscription across the runtime change.
  const extrinsic = api.tx.system.applyAuthorizedUpgrade(u8aToHex(code));
  const txHash = await net.rpc('alice', 'author_submitExtrinsic', [extrinsic.toHex()]);
  console.log(`# apply_authorized_upgrade submitted: ${txHash}`);
  const { ms } = await net.waitFor(`spec ${CURRENT} on every node`, async () => {
    const versions = await Promise.all(NAMES.map((n) => specVersion(n).catch(() => 0)));
    return versions.every((v) => v === CURRENT);
  }, { timeoutMs: 120_000, since: t0 });
  report.secondsFromApplyToCurrentSpecEverywhere = ms / 1000;
  console.log(`# spec ${CURRENT} on every node after ${ms / 1000} s`);
  // The client reloads metadata on its own, a moment after the node reports the new version.
  await net.waitFor(`the client decorated spec ${CURRENT} metadata`, async () =>
    api.runtimeVersion.specVersion.toNumber() === CURRENT && Boolean(api.query.session), { timeoutMs: 60_000 });
  // The block that sets the new code reports the new version; its migrations run in the next
  // block (`on_runtime_upgrade`), so the sessions exist from there on.
  await net.waitFor('the v104 migration ran (session validators exist)', async () =>
    (await api.query.session.validators()).length > 0, { timeoutMs: 60_000 });
});

step('the migrated validators author and finalize across two session boundaries', async () => {
  const index = (await api.query.session.currentIndex()).toNumber();
  const validators = (await api.query.session.validators()).map((v) => v.toString());
  assert.deepEqual(validators, ['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => who(n).address), 'the authorities are session validators, in order');
  const setId = (await api.query.grandpa.currentSetId()).toNumber();
  const start = await net.head('alice');
  const target = (Math.floor(start.best / SESSION_BLOCKS) + 2) * SESSION_BLOCKS + 2;
  const { ms } = await net.waitFinalized(NAMES, target, { timeoutMs: 240_000 });
  report.secondsToFinalizePastTwoSessionBoundaries = ms / 1000;
  // Sessions end only to make a change (EndSessionOnChange): none was asked for.
  assert.equal((await api.query.session.currentIndex()).toNumber(), index, 'no rotation without a change');
  assert.equal((await api.query.grandpa.currentSetId()).toNumber(), setId, 'the GRANDPA set did not change');
});

step('no record and no finalized block was lost or changed', async () => {
  streaming = false;
  await streams;
  const h = await net.head('alice');
  await net.waitFinalized(NAMES, h.finalized, { timeoutMs: 120_000 });
  await net.checkCheckpoints(checkpoints);
  const at = h.finalizedHash;
  const registered = [...before103.map((r) => ['provenance_getDataset', r]), ...models103.map((m) => ['provenance_getModel', m])];
  for (const [method, r] of registered) {
    for (const n of NAMES) {
      assert.deepEqual(await net.rpc(n, method, [r.id, at]), r.json, `${method} ${r.id} unchanged on ${n}`);
    }
  }
  for (const id of streamed) {
    const views = await Promise.all(NAMES.map((n) => net.rpc(n, 'provenance_getDataset', [id, at])));
    assert.ok(views[0], `streamed dataset ${id} exists`);
    for (const v of views) assert.deepEqual(v, views[0]);
  }
  const ids = [...before103.map((r) => r.id), ...streamed].sort((a, b) => a - b);
  assert.equal(new Set(ids).size, ids.length, 'no id twice');
  report.recordsBefore = before103.length + models103.length;
  report.recordsStreamed = streamed.length;
  report.resubmittedAfterUpgrade = resubmitted;
  console.log(`# upgrade suite: ${JSON.stringify(report)}`);
});
