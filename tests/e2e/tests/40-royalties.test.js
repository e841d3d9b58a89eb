// Royalties on a real dev node: pay for a fine-tuned model trained on a dataset with two
// contributors; the parent owner and each contributor claim exactly what was quoted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, feePaid } from '../lib/tx.js';
import { dev, registerDataset, registerModel, rawRpc } from '../lib/chain.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

const free = async (api, who, at) => ((at ? await api.at(at) : api).query.system.account(who.address)).then((a) => a.data.free.toBigInt());

test('pay splits through the lineage and claims match the quote exactly', async () => {
  const { api } = node;
  const [alice, bob, charlie, dave, eve] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map(dev);
  // Charlie and Dave contribute 70/30 to a dataset; Alice owns the base model; Bob fine-tunes it on the dataset.
  const data = await registerDataset(api, charlie, { contributors: [[charlie.address, 700_000_000], [dave.address, 300_000_000]] });
  const base = await registerModel(api, alice);
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']], datasets: [data.id] });
  await sendAndFinalize(api, api.tx.royalties.setUpstream(tuned.id, 400_000_000), bob); // 40% flows upstream

  const amount = 1_000_000_000_001n; // odd on purpose: rounding must still be exact
  const quote = await rawRpc(api, 'royalties_quote', [tuned.id, amount.toString()]);
  const quoted = Object.fromEntries(quote.credits.map((q) => [q.account, BigInt(q.amount)]));
  assert.equal(Object.values(quoted).reduce((a, b) => a + b, 0n), amount, 'quote sums to the amount');
  // Bob keeps 60%; Alice (parent) and the dataset share the 40% upstream equally (20% each), the
  // dataset's 20% splits 70/30 between Charlie and Dave. Remainders of at most a few units go to
  // the documented recipient, so compare with a tolerance of 3 units.
  const near = (x, y) => (x > y ? x - y : y - x) <= 3n;
  assert.ok(near(quoted[bob.address], 600_000_000_000n), `bob ${quoted[bob.address]}`);
  assert.ok(near(quoted[alice.address], 200_000_000_000n), `alice ${quoted[alice.address]}`);
  assert.ok(near(quoted[charlie.address], 140_000_000_000n), `charlie ${quoted[charlie.address]}`);
  assert.ok(near(quoted[dave.address], 60_000_000_000n), `dave ${quoted[dave.address]}`);

  const eveBefore = await free(api, eve);
  // Pinned to the quote: it credits exactly what was quoted.
  const paid = await sendAndFinalize(api, api.tx.royalties.pay(tuned.id, amount, quote.quoteHash), eve);
  assert.equal(eveBefore - (await free(api, eve, paid.blockHash)), amount + feePaid(paid.events));

  for (const who of [alice, bob, charlie, dave]) {
    const claimable = BigInt(await rawRpc(api, 'royalties_claimable', [who.address]));
    assert.equal(claimable, quoted[who.address], `claimable of ${who.address}`);
    const before = await free(api, who);
    const { events, blockHash } = await sendAndFinalize(api, api.tx.royalties.claim(), who);
    const after = await free(api, who, blockHash);
    assert.equal(after - before, quoted[who.address] - feePaid(events), `claimed by ${who.address}`);
    assert.equal(BigInt(await rawRpc(api, 'royalties_claimable', [who.address])), 0n);
  }
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.claim(), alice), /NothingToClaim/);
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.pay(tuned.id, 0, null), eve), /ZeroAmount/);
});

test('a pay pinned to a stale quote fails with QuoteChanged and moves nothing', async () => {
  const { api } = node;
  const [alice, bob, eve] = ['Alice', 'Bob', 'Eve'].map(dev);
  const base = await registerModel(api, alice);
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']] });
  const amount = 50_000_000_000_000n; // 50 PROV: far above any fee, so "did not move" is decidable
  const stale = await rawRpc(api, 'royalties_quote', [tuned.id, amount.toString()]);
  assert.deepEqual(stale.credits, [{ account: bob.address, amount: amount.toString() }]);
  // The owner changes the split after the quote.
  await sendAndFinalize(api, api.tx.royalties.setUpstream(tuned.id, 500_000_000), bob);
  const fresh = await rawRpc(api, 'royalties_quote', [tuned.id, amount.toString()]);
  assert.notEqual(fresh.quoteHash, stale.quoteHash);

  const before = await free(api, eve);
  const claimableBefore = await Promise.all([alice, bob].map((w) => rawRpc(api, 'royalties_claimable', [w.address])));
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.pay(tuned.id, amount, stale.quoteHash), eve), /QuoteChanged/);
  // Refused in the pool's dry run or in the block: either way no royalty moved and Eve paid at most a fee.
  assert.ok(before - (await free(api, eve)) < amount, 'the amount did not move');
  assert.deepEqual(await Promise.all([alice, bob].map((w) => rawRpc(api, 'royalties_claimable', [w.address]))), claimableBefore);
  // Pinned to the fresh quote it pays.
  await sendAndFinalize(api, api.tx.royalties.pay(tuned.id, amount, fresh.quoteHash), eve);
});

test('a beneficiary list holds a deposit priced by its size; clearing it gives the deposit back', async () => {
  const { api } = node;
  const [ferdie, alice, bob] = ['Ferdie', 'Alice', 'Bob'].map(dev);
  const model = await registerModel(api, ferdie);
  const asset = { Model: model.id };
  const listHold = async () => (await api.query.balances.holds(ferdie.address)).toJSON()
    .filter((h) => h.id?.royalties !== undefined).reduce((sum, h) => sum + BigInt(h.amount), 0n);
  // The record rate, the one Datasets and Models charge: base + per byte of the encoded list.
  const base = api.consts.datasets.depositBase.toBigInt();
  const perByte = api.consts.datasets.depositPerByte.toBigInt();
  const list = [[alice.address, 600_000_000], [bob.address, 400_000_000]];
  const encoded = api.createType('Vec<(AccountId32, Perbill)>', list).encodedLength;
  assert.equal(encoded, 1 + 2 * 36);

  const before = await free(api, ferdie);
  const set = await sendAndFinalize(api, api.tx.royalties.setBeneficiaries(asset, list), ferdie);
  const price = base + perByte * BigInt(encoded);
  assert.equal(await listHold(), price, 'the list holds base + per byte');
  assert.equal(before - (await free(api, ferdie, set.blockHash)), price + feePaid(set.events));

  const cleared = await sendAndFinalize(api, api.tx.royalties.clearBeneficiaries(asset), ferdie);
  assert.ok(cleared.events.some(({ event }) => event.section === 'royalties' && event.method === 'BeneficiariesCleared'));
  assert.equal(await listHold(), 0n, 'clearing releases the deposit');
  assert.deepEqual((await rawRpc(api, 'royalties_quote', [model.id, '1000000000000'])).credits,
    [{ account: ferdie.address, amount: '1000000000000' }], 'the default beneficiary (the owner) again');
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.clearBeneficiaries(asset), ferdie), /NoBeneficiaryList/);
});
