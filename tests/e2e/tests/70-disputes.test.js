// Disputes on a real dev node: a squatted dataset handed to its real owner by a council motion,
// a retracted dataset tainting the lineage of models built on it, royalties escrowed while a
// dataset is disputed and released to its contributors when the dispute is dismissed, and
// withdrawal. Every balance is checked to the unit between the block of the call and its parent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, findEvent, feePaid, errorName } from '../lib/tx.js';
import { councilMotion } from '../lib/council.js';
import { dev, registerDataset, registerModel, rawRpc, uniqueHash } from '../lib/chain.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

const PERBILL = 1_000_000_000n;
const bondOf = (api) => api.consts.disputes.disputeBond.toBigInt();
const blockNumber = async (api, hash) => (await api.rpc.chain.getHeader(hash)).number.toNumber();

/** `{ free, reserved }` of each account in the block `hash` minus in its parent, by address. */
async function balanceDeltas(api, hash, accounts) {
  const parent = (await api.rpc.chain.getHeader(hash)).parentHash;
  const [before, after] = await Promise.all([api.at(parent), api.at(hash)]);
  const out = {};
  for (const who of accounts) {
    const [a, b] = await Promise.all([before.query.system.account(who.address), after.query.system.account(who.address)]);
    out[who.address] = {
      free: b.data.free.toBigInt() - a.data.free.toBigInt(),
      reserved: b.data.reserved.toBigInt() - a.data.reserved.toBigInt(),
    };
  }
  return out;
}

/** Royalties claimable by each account in the block `hash` minus in its parent, by address. */
async function claimableDeltas(api, hash, accounts) {
  const parent = (await api.rpc.chain.getHeader(hash)).parentHash.toHex();
  const at = hash.toHex ? hash.toHex() : hash;
  const out = {};
  for (const who of accounts) {
    const [a, b] = await Promise.all([parent, at].map((h) => rawRpc(api, 'royalties_claimable', [who.address, h])));
    out[who.address] = BigInt(b) - BigInt(a);
  }
  return out;
}

/** The extrinsic failed with exactly this dispatch error (`pallet.Error` for module errors). */
const failsWith = (promise, name) => assert.rejects(promise, (e) => {
  assert.equal(e.message, name);
  return true;
});

async function openDispute(api, signer, target, kind, uri = 'ipfs://bafy-evidence') {
  const evidence = uniqueHash('evidence');
  const result = await sendAndFinalize(api, api.tx.disputes.open(target, kind, evidence, uri), signer);
  const opened = findEvent(result.events, 'disputes', 'DisputeOpened');
  assert.ok(opened, 'DisputeOpened');
  return { ...result, id: opened.data.id.toNumber(), opened, evidence, uri };
}

/** `Disputes.resolve(id, verdict)` through Sudo (Alice); `inner` is the inner call's outcome ('Ok' or its error). */
async function sudoResolve(api, id, verdict) {
  const result = await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.disputes.resolve(id, verdict)), dev('Alice'));
  return { ...result, inner: sudoOutcome(api, result.events) };
}

/** 'Ok' or the inner call's error name (`disputes.NotOpen`) from the `Sudo.Sudid` event. */
function sudoOutcome(api, events) {
  const sudid = findEvent(events, 'sudo', 'Sudid');
  assert.ok(sudid, 'Sudo.Sudid');
  const r = sudid.data.sudoResult;
  return r.isOk ? 'Ok' : errorName(api, r.asErr);
}

/** Sum of `Royalties.Credited` among `events`, by account. */
function creditedBy(events) {
  const out = {};
  for (const { event: e } of events) {
    if (e.section !== 'royalties' || e.method !== 'Credited') continue;
    const who = e.data.account.toString();
    out[who] = (out[who] ?? 0n) + e.data.amount.toBigInt();
  }
  return out;
}

/** A lineage node's id and status (it also carries its root and licence). */
const idStatus = ({ id, status }) => ({ id, status });

const quoteOf = async (api, modelId, amount) => {
  const quote = await rawRpc(api, 'royalties_quote', [modelId, amount.toString()]);
  const credits = Object.fromEntries(quote.credits.map((c) => [c.account, BigInt(c.amount)]));
  assert.equal(Object.values(credits).reduce((a, b) => a + b, 0n), amount, 'the quote sums to the amount');
  return { ...quote, byAccount: credits };
};

/**
 * Pays `amount` for `modelId` pinned to its quote; checks Credited events == quote == claimable
 * deltas (except for `escrow`: an escrow account's claimable is not asserted).
 */
async function payQuoted(api, payer, modelId, amount, quote, escrow = null) {
  const paid = await sendAndFinalize(api, api.tx.royalties.pay(modelId, amount, quote.quoteHash), payer);
  const byEvent = creditedBy(paid.events);
  assert.equal(Object.values(byEvent).reduce((a, b) => a + b, 0n), amount, 'Credited events sum to the amount');
  assert.deepEqual(byEvent, quote.byAccount, 'Credited events are the quote');
  const claimants = Object.keys(quote.byAccount).filter((a) => a !== escrow);
  const deltas = await claimableDeltas(api, paid.blockHash, claimants.map((address) => ({ address })));
  assert.deepEqual(deltas, Object.fromEntries(claimants.map((a) => [a, quote.byAccount[a]])), 'claimable deltas are the quote');
  return paid;
}

test('squatting: an ownership dispute, answered, then a council motion hands the dataset and its deposit to the real owner', async () => {
  const { api } = node;
  const [alice, bob, charlie, eve] = ['Alice', 'Bob', 'Charlie', 'Eve'].map(dev);
  const bond = bondOf(api);
  assert.equal(bond, 10_000_000_000_000n, 'DisputeBond is 10 PROV');

  // Eve registers Alice's content root without a commitment.
  const squatted = await registerDataset(api, eve);
  const R = squatted.contentRoot;
  const id = squatted.id;

  // Alice opens an ownership dispute: the bond moves from her free balance to held.
  const opened = await openDispute(api, alice, { Dataset: id }, 'Ownership', 'ipfs://alice-original-files');
  const ev = opened.opened.data;
  assert.ok(ev.target.isDataset && ev.target.asDataset.toNumber() === id, `target ${ev.target}`);
  assert.ok(ev.kind.isOwnership);
  assert.equal(ev.opener.toString(), alice.address);
  assert.equal(ev.bond.toBigInt(), bond);
  const atOpen = await balanceDeltas(api, opened.blockHash, [alice]);
  assert.equal(atOpen[alice.address].reserved, bond, 'the bond is held from Alice');
  assert.equal(atOpen[alice.address].free, -(bond + feePaid(opened.events)), 'from her free balance');

  assert.equal((await api.rpc.provenance.getDataset(id)).toJSON().status, 'disputed');
  const openedAt = await blockNumber(api, opened.blockHash);
  const dispute = (await api.rpc.provenance.getDispute(opened.id)).toJSON();
  assert.deepEqual(dispute, {
    id: opened.id, target: { dataset: id }, kind: 'ownership', opener: alice.address, evidence: opened.evidence,
    uri: 'ipfs://alice-original-files', bond: bond.toString(), openedAt, response: null, state: 'open', closedAt: null,
  });
  assert.deepEqual(await rawRpc(api, 'provenance_disputesOf', [{ dataset: id }]), [dispute]);

  // Only the owner answers; Eve does.
  await failsWith(sendAndFinalize(api, api.tx.disputes.respond(opened.id, uniqueHash('r'), 'ipfs://x'), bob), 'disputes.NotTargetOwner');
  const answer = uniqueHash('eve-answer');
  const responded = await sendAndFinalize(api, api.tx.disputes.respond(opened.id, answer, 'ipfs://eve-says-mine'), eve);
  const r = findEvent(responded.events, 'disputes', 'DisputeResponded');
  assert.ok(r, 'DisputeResponded');
  assert.equal(r.data.id.toNumber(), opened.id);
  assert.equal(r.data.owner.toString(), eve.address);
  assert.deepEqual((await rawRpc(api, 'provenance_getDispute', [opened.id])).response,
    { evidence: answer, uri: 'ipfs://eve-says-mine', block: await blockNumber(api, responded.blockHash) });

  // One open dispute per (target, opener); a disputed dataset cannot be transferred away.
  await failsWith(sendAndFinalize(api, api.tx.disputes.open({ Dataset: id }, 'Ownership', uniqueHash('e2'), ''), alice), 'disputes.AlreadyOpen');
  await failsWith(sendAndFinalize(api, api.tx.datasets.offerTransfer(id, bob.address), eve), 'datasets.UnderDispute');
  // Only governance resolves.
  await assert.rejects(
    sendAndFinalize(api, api.tx.disputes.resolve(opened.id, { TransferTo: bob.address }), bob),
    (e) => { assert.match(e.message, /badOrigin/i); return true; },
  );
  const deposit = (await api.query.datasets.datasets(id)).unwrap().deposit.toBigInt();
  assert.ok(deposit > 0n, 'the record holds a deposit');

  // The council: Alice proposes, Bob votes aye (2 of 3), Charlie closes.
  const closed = await councilMotion(api, api.tx.disputes.resolve(opened.id, { TransferTo: alice.address }), { proposer: alice, voter: bob, closer: charlie });
  assert.ok(closed.executed.data.result.isOk, `Council.Executed result ${closed.executed.data.result}`);
  const resolved = findEvent(closed.events, 'disputes', 'DisputeResolved');
  assert.ok(resolved, 'DisputeResolved');
  assert.equal(resolved.data.id.toNumber(), opened.id);
  assert.ok(resolved.data.verdict.isTransferTo && resolved.data.verdict.asTransferTo.toString() === alice.address, `verdict ${resolved.data.verdict}`);
  assert.equal(resolved.data.bondTo.toString(), alice.address);

  const record = (await api.rpc.provenance.getDataset(id)).toJSON();
  assert.equal(record.owner, alice.address);
  assert.equal(record.status, 'active');
  const byRoot = (await api.rpc.provenance.getDatasetByRoot(R)).toJSON();
  assert.equal(byRoot.id, id, 'the root still indexes the same record');
  assert.equal(byRoot.owner, alice.address);
  assert.equal((await api.query.datasets.datasets(id)).unwrap().deposit.toBigInt(), deposit, 'the deposit stays with the record');

  // Eve loses the held deposit; Alice now holds it and her bond is released (held -> free).
  const atClose = await balanceDeltas(api, closed.blockHash, [alice, eve]);
  assert.equal(atClose[eve.address].reserved, -deposit, "Eve's held deposit is gone");
  assert.equal(atClose[eve.address].free, 0n);
  assert.equal(atClose[alice.address].reserved, deposit - bond, 'Alice holds the deposit, not the bond');
  assert.equal(atClose[alice.address].free, bond, 'the bond is back in her free balance');

  const closedDispute = (await api.rpc.provenance.getDispute(opened.id)).toJSON();
  assert.deepEqual(closedDispute.state, { resolved: { transferTo: alice.address } });
  assert.equal(closedDispute.closedAt, await blockNumber(api, closed.blockHash));
});

test('tainted ancestry: a retracted dataset taints every model built on it and is never credited', async () => {
  const { api } = node;
  const [alice, bob, charlie, dave, eve, ferdie] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map(dev);
  const bond = bondOf(api);
  // D (Bob) <- M1 (Dave) <- M2 (Eve) <- M3 (Ferdie); every model passes 50% upstream.
  const D = await registerDataset(api, bob);
  const M1 = await registerModel(api, dave, { datasets: [D.id] });
  const M2 = await registerModel(api, eve, { parents: [[M1.id, 'FineTune']] });
  const M3 = await registerModel(api, ferdie, { parents: [[M2.id, 'FineTune']] });
  await Promise.all([[M1, dave], [M2, eve], [M3, ferdie]].map(([m, who]) => sendAndFinalize(api, api.tx.royalties.setUpstream(m.id, 500_000_000), who)));

  const amount = 1_000_000_000_003n;
  const h1 = amount / 2n; // M3 -> M2
  const h2 = h1 / 2n; // M2 -> M1
  const h3 = h2 / 2n; // M1 -> D
  const untainted = await quoteOf(api, M3.id, amount);
  assert.deepEqual(untainted.byAccount, { [ferdie.address]: amount - h1, [eve.address]: h1 - h2, [dave.address]: h2 - h3, [bob.address]: h3 });
  const clean = (await api.rpc.provenance.lineage(M3.id)).toJSON();
  assert.equal(clean.taintedAncestry, false);
  assert.equal(clean.status, 'active');

  const opened = await openDispute(api, charlie, { Dataset: D.id }, 'Content');
  const disputed = (await api.rpc.provenance.lineage(M3.id)).toJSON();
  assert.deepEqual(disputed.datasets.map(idStatus), [{ id: D.id, status: 'disputed' }]);
  assert.equal(disputed.taintedAncestry, false, 'disputed is not tainted');
  // Paid while D is disputed: D's share is escrowed, Bob is not credited.
  const escrowed = await quoteOf(api, M3.id, amount);
  const escrow = Object.keys(escrowed.byAccount).find((a) => ![ferdie.address, eve.address, dave.address].includes(a));
  assert.ok(escrow && escrow !== bob.address, `an escrow account in ${JSON.stringify(escrowed.credits)}`);
  assert.deepEqual(escrowed.byAccount, { [ferdie.address]: amount - h1, [eve.address]: h1 - h2, [dave.address]: h2 - h3, [escrow]: h3 });
  await payQuoted(api, alice, M3.id, amount, escrowed, escrow);
  const deposit = (await api.query.datasets.datasets(D.id)).unwrap().deposit.toBigInt();

  const resolved = await sudoResolve(api, opened.id, 'Retract');
  assert.equal(resolved.inner, 'Ok');
  const ev = findEvent(resolved.events, 'disputes', 'DisputeResolved');
  assert.ok(ev.data.verdict.isRetract, `verdict ${ev.data.verdict}`);
  assert.equal(ev.data.bondTo.toString(), charlie.address);
  assert.equal((await api.rpc.provenance.getDataset(D.id)).toJSON().status, 'retracted');
  assert.deepEqual((await rawRpc(api, 'provenance_getDispute', [opened.id])).state, { resolved: 'retract' });
  // What was escrowed for D goes to the opener.
  const releasedToOpener = findEvent(resolved.events, 'royalties', 'EscrowReleased');
  assert.ok(releasedToOpener, 'Royalties.EscrowReleased');
  assert.ok(releasedToOpener.data.asset.isDataset && releasedToOpener.data.asset.asDataset.toNumber() === D.id);
  assert.equal(releasedToOpener.data.amount.toBigInt(), h3);
  assert.deepEqual(creditedBy(resolved.events), { [charlie.address]: h3 });
  assert.deepEqual(await claimableDeltas(api, resolved.blockHash, [bob, charlie]), { [bob.address]: 0n, [charlie.address]: h3 });

  // Bob's held deposit goes to Charlie (free); Charlie's bond is released. Neither sent anything in that block.
  const d = await balanceDeltas(api, resolved.blockHash, [bob, charlie]);
  assert.equal(d[bob.address].reserved, -deposit, "Bob's record deposit is taken");
  assert.equal(d[bob.address].free, 0n);
  assert.equal(d[charlie.address].reserved, -bond, "Charlie's bond is released");
  assert.equal(d[charlie.address].free, deposit + bond, 'Charlie receives the deposit and his bond');

  const lineage = (await api.rpc.provenance.lineage(M3.id)).toJSON();
  assert.equal(lineage.root, M3.id);
  assert.equal(lineage.status, 'active');
  assert.equal(lineage.taintedAncestry, true);
  assert.deepEqual(lineage.models.map(idStatus), [{ id: M2.id, status: 'active' }, { id: M1.id, status: 'active' }]);
  assert.deepEqual(lineage.datasets.map(idStatus), [{ id: D.id, status: 'retracted' }]);
  assert.equal(lineage.truncated, false);
  const shallow = (await api.rpc.provenance.lineage(M3.id, 1)).toJSON();
  assert.deepEqual(shallow.models.map(idStatus), [{ id: M2.id, status: 'active' }]);
  assert.deepEqual(shallow.datasets, []);
  assert.equal(shallow.truncated, true);
  assert.equal(shallow.taintedAncestry, true, 'tainted whatever max_depth');

  // D's share stays with M1's owner; Bob is credited nothing.
  const quote = await quoteOf(api, M3.id, amount);
  assert.equal(quote.byAccount[bob.address], undefined, "no credit for D's contributor");
  assert.deepEqual(quote.byAccount, { [ferdie.address]: amount - h1, [eve.address]: h1 - h2, [dave.address]: h2 });
  await payQuoted(api, alice, M3.id, amount, quote);
});

test('dismissed: royalties escrowed while a dataset is disputed go to its contributors, the bond to its owner', async () => {
  const { api } = node;
  const [alice, bob, dave, eve, ferdie] = ['Alice', 'Bob', 'Dave', 'Eve', 'Ferdie'].map(dev);
  const bond = bondOf(api);
  const D2 = await registerDataset(api, dave, { contributors: [[dave.address, 600_000_000], [ferdie.address, 400_000_000]] });
  const M = await registerModel(api, alice, { datasets: [D2.id] });
  await sendAndFinalize(api, api.tx.royalties.setUpstream(M.id, 500_000_000), alice);

  const opened = await openDispute(api, eve, { Dataset: D2.id }, 'License');
  assert.equal((await api.rpc.provenance.getDataset(D2.id)).toJSON().status, 'disputed');

  const amount = 2_000_000_000_007n;
  const up = amount / 2n;
  const quote = await quoteOf(api, M.id, amount);
  const others = Object.keys(quote.byAccount).filter((a) => ![dave.address, ferdie.address, alice.address].includes(a));
  assert.equal(others.length, 1, `one escrow account in ${JSON.stringify(quote.credits)}`);
  const escrow = others[0];
  assert.deepEqual(quote.byAccount, { [alice.address]: amount - up, [escrow]: up });
  const paid = await payQuoted(api, bob, M.id, amount, quote, escrow);
  const untouched = await claimableDeltas(api, paid.blockHash, [dave, ferdie]);
  assert.deepEqual(untouched, { [dave.address]: 0n, [ferdie.address]: 0n }, 'contributors are not credited while disputed');

  const resolved = await sudoResolve(api, opened.id, 'Dismissed');
  assert.equal(resolved.inner, 'Ok');
  const ev = findEvent(resolved.events, 'disputes', 'DisputeResolved');
  assert.ok(ev.data.verdict.isDismissed, `verdict ${ev.data.verdict}`);
  assert.equal(ev.data.bondTo.toString(), dave.address, 'the bond goes to the owner');
  const released = findEvent(resolved.events, 'royalties', 'EscrowReleased');
  assert.ok(released, 'Royalties.EscrowReleased');
  assert.ok(released.data.asset.isDataset && released.data.asset.asDataset.toNumber() === D2.id, `asset ${released.data.asset}`);
  assert.equal(released.data.amount.toBigInt(), up, 'everything escrowed is released');

  const ferdiePart = (up * 400_000_000n) / PERBILL;
  const credited = await claimableDeltas(api, resolved.blockHash, [dave, ferdie]);
  assert.deepEqual(credited, { [dave.address]: up - ferdiePart, [ferdie.address]: ferdiePart }, 'released 60/40, the remainder to the first');
  assert.deepEqual(creditedBy(resolved.events), credited, 'each released credit is a Credited event');
  const d = await balanceDeltas(api, resolved.blockHash, [dave, eve]);
  assert.equal(d[dave.address].free, bond, "Dave (the owner, who sent nothing) receives Eve's bond");
  assert.equal(d[dave.address].reserved, 0n);
  assert.equal(d[eve.address].reserved, -bond, "Eve's bond leaves her held balance");
  assert.equal(d[eve.address].free, 0n);

  assert.equal((await api.rpc.provenance.getDataset(D2.id)).toJSON().status, 'active');
  assert.deepEqual((await rawRpc(api, 'provenance_getDispute', [opened.id])).state, { resolved: 'dismissed' });
  // No escrow any more: the contributors are quoted again.
  const after = await quoteOf(api, M.id, amount);
  assert.deepEqual(after.byAccount, { [alice.address]: amount - up, [dave.address]: up - ferdiePart, [ferdie.address]: ferdiePart });
});

test('withdraw: only the opener withdraws; the bond is released; the model is active once no dispute is open', async () => {
  const { api } = node;
  const [bob, charlie, dave, eve] = ['Bob', 'Charlie', 'Dave', 'Eve'].map(dev);
  const bond = bondOf(api);
  const model = await registerModel(api, bob);
  const target = { Model: model.id };
  await failsWith(sendAndFinalize(api, api.tx.disputes.open(target, 'Lineage', uniqueHash('e'), ''), bob), 'disputes.CannotDisputeOwn');
  await failsWith(sendAndFinalize(api, api.tx.disputes.open({ Dataset: 999_999_999 }, 'Other', uniqueHash('e'), ''), charlie), 'disputes.UnknownTarget');

  const [first, second] = await Promise.all([
    openDispute(api, charlie, target, 'Lineage'),
    openDispute(api, dave, target, 'Other'),
  ]);
  assert.equal((await api.rpc.provenance.getModel(model.id)).toJSON().status, 'disputed');
  const listed = await rawRpc(api, 'provenance_disputesOf', [{ model: model.id }]);
  assert.deepEqual(listed.map((x) => [x.id, x.opener, x.kind, x.state]), [
    [first.id, charlie.address, 'lineage', 'open'], [second.id, dave.address, 'other', 'open'],
  ].sort((a, b) => a[0] - b[0]));
  assert.deepEqual(listed[0].target, { model: model.id });

  await failsWith(sendAndFinalize(api, api.tx.disputes.withdraw(first.id), eve), 'disputes.NotOpener');
  await failsWith(sendAndFinalize(api, api.tx.disputes.withdraw(first.id), dave), 'disputes.NotOpener');
  const withdrawn = await sendAndFinalize(api, api.tx.disputes.withdraw(first.id), charlie);
  const w = findEvent(withdrawn.events, 'disputes', 'DisputeWithdrawn');
  assert.ok(w, 'DisputeWithdrawn');
  assert.equal(w.data.id.toNumber(), first.id);
  assert.equal(w.data.opener.toString(), charlie.address);
  assert.equal(w.data.bond.toBigInt(), bond);
  const d = await balanceDeltas(api, withdrawn.blockHash, [charlie]);
  assert.equal(d[charlie.address].reserved, -bond);
  assert.equal(d[charlie.address].free, bond - feePaid(withdrawn.events));
  const state = await rawRpc(api, 'provenance_getDispute', [first.id]);
  assert.equal(state.state, 'withdrawn');
  assert.equal(state.closedAt, await blockNumber(api, withdrawn.blockHash));
  assert.equal((await api.rpc.provenance.getModel(model.id)).toJSON().status, 'disputed', "Dave's dispute is still open");

  await failsWith(sendAndFinalize(api, api.tx.disputes.withdraw(first.id), charlie), 'disputes.NotOpen');
  assert.equal((await sudoResolve(api, first.id, 'Dismissed')).inner, 'disputes.NotOpen');

  await sendAndFinalize(api, api.tx.disputes.withdraw(second.id), dave);
  assert.equal((await api.rpc.provenance.getModel(model.id)).toJSON().status, 'active');
  assert.equal(await rawRpc(api, 'provenance_getDispute', [999_999_999]), null);
});
