// Usage-metered royalties on a real dev node: every logged or anchored inference of a priced model
// pays its whole lineage. A 3-level lineage (base → fine-tune on a dataset with 3 contributors →
// quantization); the quantization's operator anchors a 1,000,000-record batch at 7 planck per
// inference and every beneficiary's claimable balance grows by exactly its quoted share of
// 7,000,000 planck; an operator without funds is refused and nothing is recorded or credited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, feePaid, findEvent } from '../lib/tx.js';
import { dev, registerDataset, registerModel, rawRpc, uniqueHash } from '../lib/chain.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

const free = async (api, who, at) => ((at ? await api.at(at) : api).query.system.account(who.address)).then((a) => a.data.free.toBigInt());
const claimable = async (api, who) => BigInt(await rawRpc(api, 'royalties_claimable', [who.address]));
const PROV = 1_000_000_000_000n;

/** base (Alice) ← fine-tune (Bob, trained on a dataset of Charlie 50%, Dave 30%, Eve 20%) ←
 *  quantization (Ferdie, operated by `operator`); half of each payment flows upstream at both
 *  derived levels; the quantization costs `price` per inference. */
async function meteredLineage(api, operator, price) {
  const [alice, bob, charlie, dave, eve, ferdie] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map(dev);
  const data = await registerDataset(api, charlie, {
    contributors: [[charlie.address, 500_000_000], [dave.address, 300_000_000], [eve.address, 200_000_000]],
  });
  const base = await registerModel(api, alice);
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']], datasets: [data.id] });
  const quant = await registerModel(api, ferdie, { parents: [[tuned.id, 'Quantization']] });
  await sendAndFinalize(api, api.tx.royalties.setUpstream(tuned.id, 500_000_000), bob);
  await sendAndFinalize(api, api.tx.royalties.setUpstream(quant.id, 500_000_000), ferdie);
  await sendAndFinalize(api, api.tx.models.addOperator(quant.id, operator.address), ferdie);
  const set = await sendAndFinalize(api, api.tx.royalties.setPrice(quant.id, price), ferdie);
  const priceSet = findEvent(set.events, 'royalties', 'PriceSet');
  assert.equal(priceSet.data.price.toString(), String(price));
  return { quant, beneficiaries: [alice, bob, charlie, dave, eve, ferdie] };
}

test('an anchored million pays every beneficiary exactly its share of 7,000 PROV', async () => {
  const { api } = node;
  const operator = dev('UsageOperator');
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(operator.address, 7_010n * PROV), dev('Alice'));
  // 7 milli-PROV per inference (a price is zero or at least the minimum credit, 1 milli-PROV).
  const price = 7_000_000_000n;
  const { quant, beneficiaries } = await meteredLineage(api, operator, price);

  const quote = await rawRpc(api, 'royalties_quoteUsage', [quant.id, 1_000_000]);
  assert.equal(quote.price, price.toString());
  assert.equal(quote.amount, (price * 1_000_000n).toString());
  const quoted = Object.fromEntries(quote.credits.map((c) => [c.account, BigInt(c.amount)]));
  assert.equal(Object.values(quoted).reduce((a, b) => a + b, 0n), price * 1_000_000n, 'the quote sums to the charge');
  assert.equal(Object.keys(quoted).length, 6, 'six beneficiaries: three owners, three contributors');

  const before = await Promise.all(beneficiaries.map((w) => claimable(api, w)));
  const operatorBefore = await free(api, operator);
  const anchored = await sendAndFinalize(api, api.tx.inference.anchorBatch(quant.id, uniqueHash('batch'), 1_000_000, 'ipfs://million'), operator);
  const charged = anchored.events.filter(({ event }) => event.section === 'royalties' && event.method === 'UsageCharged');
  assert.equal(charged.length, 1, 'one distribution for the whole batch');
  assert.equal(charged[0].event.data.amount.toString(), (price * 1_000_000n).toString());
  assert.equal(charged[0].event.data.count.toString(), '1000000');
  const batch = findEvent(anchored.events, 'inference', 'BatchAnchored');
  assert.equal(batch.data.count.toString(), '1000000');

  let total = 0n;
  for (const [i, who] of beneficiaries.entries()) {
    const grew = (await claimable(api, who)) - before[i];
    assert.equal(grew, quoted[who.address] ?? 0n, `claimable of ${who.address} grew by its quoted share`);
    total += grew;
  }
  assert.equal(total, price * 1_000_000n, 'credited == charged, to the unit');
  // Exact figures of the split (50% upstream at the quantization and the fine-tune).
  const [alice, bob, charlie, dave, eve, ferdie] = beneficiaries;
  assert.equal(quoted[ferdie.address], 3_500n * PROV);
  assert.equal(quoted[bob.address], 1_750n * PROV);
  assert.equal(quoted[alice.address], 875n * PROV);
  assert.equal(quoted[charlie.address], 437_500_000_000_000n);
  assert.equal(quoted[dave.address], 262_500_000_000_000n);
  assert.equal(quoted[eve.address], 175n * PROV);

  const deposit = api.consts.inference.batchDeposit.toBigInt();
  const spent = operatorBefore - (await free(api, operator, anchored.blockHash));
  assert.equal(spent, price * 1_000_000n + deposit + feePaid(anchored.events), 'the operator paid the charge, the deposit and the fee');

  // One logged inference pays one price, split the same way, except that a share below the
  // minimum credit (Alice's 0.875, Charlie's 0.4375, Dave's 0.2625, Eve's 0.175 milli-PROV)
  // goes to the largest credit (Ferdie's): every credit stays claimable.
  const one = await rawRpc(api, 'royalties_quoteUsage', [quant.id, 1]);
  assert.equal(one.amount, price.toString());
  assert.deepEqual(one.credits, [
    { account: ferdie.address, amount: '5250000000' },
    { account: bob.address, amount: '1750000000' },
  ]);
  const mid = await Promise.all(beneficiaries.map((w) => claimable(api, w)));
  const logged = await sendAndFinalize(api, api.tx.inference.log(quant.id, uniqueHash('in'), uniqueHash('out'), uniqueHash('p')), operator);
  assert.equal(findEvent(logged.events, 'royalties', 'UsageCharged').data.amount.toString(), price.toString());
  const grewByOne = await Promise.all(beneficiaries.map(async (w, i) => (await claimable(api, w)) - mid[i]));
  assert.equal(grewByOne.reduce((a, b) => a + b, 0n), price);
  for (const c of one.credits) {
    assert.equal(grewByOne[beneficiaries.findIndex((w) => w.address === c.account)], BigInt(c.amount));
  }
});

test('an operator without funds is refused: no batch, no claim, no credit', async () => {
  const { api } = node;
  const poor = dev('PoorOperator');
  // Enough for a deposit and fees, not for one inference at 5 PROV.
  await sendAndFinalize(api, api.tx.balances.transferKeepAlive(poor.address, 2n * PROV), dev('Alice'));
  const { quant, beneficiaries } = await meteredLineage(api, poor, 5n * PROV);
  const nextBatch = (await api.query.inference.nextBatchId()).toBigInt();
  const accrued = (await api.query.royalties.totalAccrued()).toBigInt();
  const claimableBefore = await Promise.all(beneficiaries.map((w) => claimable(api, w)));

  await assert.rejects(
    sendAndFinalize(api, api.tx.inference.anchorBatch(quant.id, uniqueHash('batch'), 1_000_000, ''), poor),
    /InsufficientBalance/,
  );
  const output = uniqueHash('out');
  await assert.rejects(
    sendAndFinalize(api, api.tx.inference.log(quant.id, uniqueHash('in'), output, uniqueHash('p')), poor),
    /InsufficientBalance/,
  );
  assert.equal((await api.query.inference.nextBatchId()).toBigInt(), nextBatch, 'no batch');
  assert.equal(await rawRpc(api, 'provenance_getInference', [output, quant.id]), null, 'no claim');
  assert.equal((await api.query.royalties.totalAccrued()).toBigInt(), accrued, 'no credit');
  assert.deepEqual(await Promise.all(beneficiaries.map((w) => claimable(api, w))), claimableBefore);
});

test('price rules: owner only, zero or at least the minimum credit, zero turns metering off, an unknown model cannot be quoted', async () => {
  const { api } = node;
  const [alice, bob] = ['Alice', 'Bob'].map(dev);
  const model = await registerModel(api, alice);
  const price = 5_000_000_000n;
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.setPrice(model.id, price), bob), /NotOwner/);
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.setPrice(999_999, price), alice), /UnknownModel/);
  const minimum = api.consts.royalties.minimumCredit.toBigInt();
  assert.equal(minimum, api.consts.balances.existentialDeposit.toBigInt(), 'the minimum credit is the existential deposit');
  await assert.rejects(sendAndFinalize(api, api.tx.royalties.setPrice(model.id, minimum - 1n), alice), /BelowMinimumCredit/);
  await sendAndFinalize(api, api.tx.royalties.setPrice(model.id, price), alice);
  assert.equal((await rawRpc(api, 'royalties_quoteUsage', [model.id, 3])).amount, (3n * price).toString());
  await sendAndFinalize(api, api.tx.royalties.setPrice(model.id, 0), alice);
  const off = await rawRpc(api, 'royalties_quoteUsage', [model.id, 3]);
  assert.deepEqual([off.price, off.amount, off.credits], ['0', '0', []]);
  const logged = await sendAndFinalize(api, api.tx.inference.log(model.id, uniqueHash('in'), uniqueHash('out'), uniqueHash('p')), alice);
  assert.equal(logged.events.filter(({ event }) => event.section === 'royalties').length, 0, 'a free model charges nothing');
  await assert.rejects(rawRpc(api, 'royalties_quoteUsage', [999_999, 1]), /model_id/);
});
