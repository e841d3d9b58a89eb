// The validator set under governance, on a real network: the four `--chain local` validators of
// scripts/local-testnet.sh and Eve, a fifth node that joins. Every change goes through a council
// motion (Alice proposes, Alice and Bob vote: two thirds of the genesis council) and takes effect
// at a session boundary (boundaries come every minute; a session ends only to make a change):
//   1. Eve joins: her node makes session keys (`author_rotateKeysWithOwner`), she registers them
//      (`Session.set_keys`), the council adds her (`CollatorSelection.add_invulnerable`); she then
//      authors blocks and votes: with Dave stopped, finality needs four of the five, so it moves
//      only with Eve's votes;
//   2. Bob rotates his keys on his running node: the new keys replace the old in the Aura and
//      GRANDPA sets, and with Dave stopped finality again needs Bob's votes with his new key;
//   3. the council removes Dave: from the boundary on the set is four, and with Dave and Charlie
//      both stopped the other three still finalize;
//   4. nothing is lost: every finalized block seen before each step is still canonical on every
//      running node, and the records registered at the start are returned unchanged at the end;
//   5. a receipt of one of them, anchored after the changes, carries every authority-set hand-off
//      and verifies offline in the CLI and in JS; tampered copies fail in both.
// Figures (seconds from the motion to the new set, to the first block by Eve) go to the output
// and to $VALIDATORS_REPORT (default: $TMPDIR/provenance-validators-report.json).
//
// Run: cd tests/e2e && npm run test:validators   (about 10 minutes on 2 cores). Bounded by a
// watchdog ($VALIDATORS_SUITE_LIMIT_MS, default 20 min); every node is stopped at the end.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { rpc as provenanceRpc } from '@provenance-chain/client';
import { sendAndFinalize } from '../lib/tx.js';
import { registerDataset } from '../lib/chain.js';
import { makeReceipt, verifyBoth, tamperedFail } from '../lib/receipts.js';
import { councilMotion } from '../lib/council.js';
import { NAMES } from './testnet.js';
import { networkSuite } from './suite.js';

let net;
let api;
const keyring = new Keyring({ type: 'sr25519' });
const checkpoints = []; // [number, hash] of finalized blocks, checked on every node at each step
const { report, step } = networkSuite({
  name: 'validators',
  limitMs: Number(process.env.VALIDATORS_SUITE_LIMIT_MS || 20 * 60_000),
  reportFile: process.env.VALIDATORS_REPORT || join(tmpdir(), 'provenance-validators-report.json'),
  nodes: [...NAMES, 'eve'],
  onStart: (testnet) => { net = testnet; },
  onEnd: async () => api?.disconnect(),
});

const who = (name) => keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);

/** The council motion of the genesis members: Alice proposes and votes, Bob votes, Charlie closes. */
const motion = (call) => councilMotion(api, call, { proposer: who('alice'), voter: who('bob'), closer: who('charlie') });

/** Passes `call` through the council; returns 'ok' or the executed call's error as `section.Name`. */
async function councilMotionResult(call) {
  return (await motion(call)).result;
}

/** Passes `call` through the council and asserts that it executed without error. */
async function councilMotionOk(call) {
  assert.equal(await councilMotionResult(call), 'ok');
}

/** The session index, validators, Aura and GRANDPA authorities at the finalized head of Alice. */
async function sets() {
  const at = await api.rpc.chain.getFinalizedHead();
  const a = await api.at(at);
  const [index, validators, aura, grandpa] = await Promise.all([
    a.query.session.currentIndex(),
    a.query.session.validators(),
    a.query.aura.authorities(),
    a.query.grandpa.authorities(),
  ]);
  return {
    at,
    index: index.toNumber(),
    validators: validators.map((v) => v.toString()),
    aura: aura.map((k) => k.toHex()),
    grandpa: grandpa.map(([k]) => k.toHex()),
  };
}

/** Waits until `check(sets)` holds at the finalized head; returns the sets and the seconds waited. */
async function waitForSets(what, check, timeoutMs = 240_000) {
  const t0 = Date.now();
  const { value } = await net.waitFor(what, async () => {
    const s = await sets();
    return check(s) ? s : null;
  }, { timeoutMs, intervalMs: 2_000 });
  return { sets: value, seconds: (Date.now() - t0) / 1000 };
}

/** Notes the current finalized head of Alice as a checkpoint; checks every checkpoint on `names`. */
async function checkpointAndCheck(names) {
  const h = await net.head('alice');
  checkpoints.push([h.finalized, h.finalizedHash]);
  await net.checkCheckpoints(checkpoints, names);
}

/** Waits until finality on `names` moves `blocks` past where it is now; returns the seconds waited. */
async function finalityAdvances(names, blocks, timeoutMs = 120_000) {
  const h = await net.heads(names);
  const from = Math.max(...names.map((n) => h[n]?.finalized ?? 0));
  const { ms } = await net.waitFinalized(names, from + blocks, { timeoutMs });
  return ms / 1000;
}

/** `{ keys, proof, aura, grandpa }`: new session keys made by `node`'s keystore for `account`. */
async function rotateKeys(node, account) {
  const generated = await net.rpc(node, 'author_rotateKeysWithOwner', [u8aToHex(account.publicKey)]);
  assert.ok(generated.proof, 'the node proves it holds the keys');
  const bytes = hexToU8a(generated.keys);
  return { ...generated, aura: u8aToHex(bytes.slice(0, 32)), grandpa: u8aToHex(bytes.slice(32, 64)) };
}

const records = [];

step('the four validators finalize and records are registered', async () => {
  await net.start();
  await net.waitFinalized(NAMES, 1, { timeoutMs: 240_000 });
  api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${net.rpcPorts.alice}`), rpc: provenanceRpc, noInitWarn: true });
  const s = await sets();
  assert.equal(s.validators.length, 4);
  assert.equal(s.grandpa.length, 4);
  for (let i = 0; i < 2; i++) records.push((await registerDataset(api, who('alice'))).id);
  await checkpointAndCheck(NAMES);
});

let eveKeys;

step('Eve joins by governance, authors blocks and votes', async () => {
  await net.start('eve');
  const eve = who('eve');
  // Eve's node syncs the chain before she registers.
  const a = await net.head('alice');
  await net.waitFor('eve syncs', async () => (await net.head('eve'))?.best >= a.best, { timeoutMs: 120_000 });

  // Governance cannot add her before she has keys.
  const early = await councilMotionResult(api.tx.collatorSelection.addInvulnerable(eve.address));
  assert.equal(early, 'collatorSelection.ValidatorNotRegistered');

  eveKeys = await rotateKeys('eve', eve);
  await sendAndFinalize(api, api.tx.session.setKeys(eveKeys.keys, eveKeys.proof), eve);
  const t0 = Date.now();
  await councilMotionOk(api.tx.collatorSelection.addInvulnerable(eve.address));
  const { sets: after, seconds } = await waitForSets(
    'Eve in the session, Aura and GRANDPA sets',
    (s) => s.validators.includes(eve.address) && s.aura.includes(eveKeys.aura) && s.grandpa.includes(eveKeys.grandpa),
  );
  report.addValidator = { secondsFromMotionToSet: (Date.now() - t0) / 1000, waitedAfterMotion: seconds, session: after.index };
  assert.equal(after.validators.length, 5);

  // She authors: a block whose Aura author is Eve appears within two rounds of five slots.
  // Every finalized block from the new set on is looked at, none skipped.
  let next = (await net.head('alice')).finalized;
  const { value: authored } = await net.waitFor('a finalized block authored by Eve', async () => {
    const { finalized } = await net.head('alice');
    for (; next <= finalized; next++) {
      const header = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash(next));
      if (header.author?.toString() === eve.address) return next;
    }
    return null;
  }, { timeoutMs: 120_000, intervalMs: 2_000 });
  report.addValidator.firstBlockByEve = authored;
  report.addValidator.secondsToFirstBlock = (Date.now() - t0) / 1000;

  // She votes: with Dave down, four of five must vote; finality moves.
  await net.stop('dave');
  const up = ['alice', 'bob', 'charlie', 'eve'];
  report.addValidator.secondsToFinalizeThreeBlocksWithDaveDown = await finalityAdvances(up, 3);
  await net.start('dave');
  await checkpointAndCheck([...NAMES, 'eve']);
});

step('Bob rotates his keys on his running node; his new keys vote', async () => {
  const bob = who('bob');
  const before = await sets();
  const fresh = await rotateKeys('bob', bob);
  // Someone else cannot register Bob's new keys (the proof names Bob).
  await assert.rejects(sendAndFinalize(api, api.tx.session.setKeys(fresh.keys, fresh.proof), who('ferdie')), /session\.InvalidProof/);
  const t0 = Date.now();
  await sendAndFinalize(api, api.tx.session.setKeys(fresh.keys, fresh.proof), bob);
  const { sets: after } = await waitForSets(
    "Bob's new keys in the Aura and GRANDPA sets",
    (s) => s.aura.includes(fresh.aura) && s.grandpa.includes(fresh.grandpa),
  );
  report.rotateKeys = { secondsFromSetKeysToSet: (Date.now() - t0) / 1000, session: after.index };
  const oldGrandpa = before.grandpa.filter((k) => !after.grandpa.includes(k));
  assert.equal(oldGrandpa.length, 1, 'exactly one GRANDPA key (Bob\'s old one) left the set');
  assert.equal(after.grandpa.length, before.grandpa.length);

  await net.stop('dave');
  report.rotateKeys.secondsToFinalizeThreeBlocksWithDaveDown = await finalityAdvances(['alice', 'bob', 'charlie', 'eve'], 3);
  await net.start('dave');
  await checkpointAndCheck([...NAMES, 'eve']);
});

step('the council removes Dave; the remaining four finalize without him', async () => {
  const dave = who('dave');
  const t0 = Date.now();
  await councilMotionOk(api.tx.collatorSelection.removeInvulnerable(dave.address));
  const { sets: after } = await waitForSets('Dave out of the sets', (s) => !s.validators.includes(dave.address) && s.grandpa.length === 4);
  report.removeValidator = { secondsFromMotionToSet: (Date.now() - t0) / 1000, session: after.index };
  assert.equal(after.aura.length, 4);

  // Dave and Charlie stopped: Alice, Bob and Eve are three of the four and still finalize.
  await net.stop('dave', 'charlie');
  report.removeValidator.secondsToFinalizeThreeBlocksWithDaveAndCharlieDown = await finalityAdvances(['alice', 'bob', 'eve'], 3);
  await net.start('charlie', 'dave');
  await net.waitFinalized([...NAMES, 'eve'], (await net.head('alice')).finalized, { timeoutMs: 120_000 });
  await checkpointAndCheck([...NAMES, 'eve']);
});

step('records registered before the changes are unchanged on every node', async () => {
  const h = await net.head('alice');
  for (const id of records) {
    const views = await Promise.all([...NAMES, 'eve'].map((n) => net.rpc(n, 'provenance_getDataset', [id, h.finalizedHash])));
    assert.ok(views[0], `dataset ${id} exists`);
    for (const v of views) assert.deepEqual(v, views[0]);
  }
});

step('a receipt anchored after the changes verifies offline across every hand-off', async () => {
  // Eve's node joined late but from genesis, so it knows every authority-set change.
  const file = join(net.dir, 'receipt-after-changes.json');
  const made = await makeReceipt(['dataset', String(records[0])], file, `ws://127.0.0.1:${net.rpcPorts.eve}`);
  const at = await api.rpc.chain.getFinalizedHead();
  const setId = (await (await api.at(at)).query.grandpa.currentSetId()).toNumber();
  assert.ok(made.answer.handOffs >= 3, `three changes or more: ${made.answer.handOffs}`);
  assert.ok(made.answer.handOffs <= setId, `no more hand-offs than sets: ${made.answer.handOffs} of ${setId}`);
  const verified = await verifyBoth(file, join(net.dir, 'chain-spec.json'));
  assert.equal(verified.proven.block.authoritySetId, made.answer.handOffs);
  report.receipt = {
    handOffs: made.answer.handOffs, bytes: made.bytes, buildMs: made.ms,
    cliVerifyMs: Math.round(verified.cliMs * 10) / 10, jsVerifyMs: Math.round(verified.jsMs * 10) / 10,
  };
  report.receipt.tampered = await tamperedFail(file, join(net.dir, 'chain-spec.json'), net.dir);
  console.log(`# validators suite: ${JSON.stringify(report)}`);
});
