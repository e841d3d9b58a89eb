// Models on a real dev node: a base model, a fine-tune trained on a dataset, a merge of two models,
// license enforcement, and the lineage / descendants queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { dev, registerDataset, registerModel, license } from '../lib/chain.js';
import { sendAndFinalize, findEvent } from '../lib/tx.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

test('base model, fine-tune trained on a dataset, merge of two models; lineage and descendants', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const data = await registerDataset(api, alice);
  const base = await registerModel(api, alice);
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']], datasets: [data.id] });
  const other = await registerModel(api, bob);
  const merged = await registerModel(api, bob, { parents: [[tuned.id, 'Merge'], [other.id, 'Merge']] });

  const stored = (await api.query.models.models(tuned.id)).unwrap();
  assert.equal(stored.owner.toString(), bob.address);
  assert.equal(stored.weightsRoot.toHex(), tuned.weightsRoot);

  const model = (await api.rpc.provenance.getModel(tuned.id)).toJSON();
  assert.equal(model.owner, bob.address);
  assert.equal(model.weightsRoot, tuned.weightsRoot);
  assert.deepEqual(model.parents, [{ id: base.id, derivation: 'fineTune' }]);
  assert.deepEqual(model.datasets, [data.id]);
  assert.deepEqual((await api.rpc.provenance.getModelByRoot(tuned.weightsRoot)).toJSON(), model);

  const lineage = (await api.rpc.provenance.lineage(merged.id)).toJSON();
  assert.equal(lineage.root, merged.id);
  assert.equal(lineage.status, 'active');
  assert.equal(lineage.taintedAncestry, false);
  const idStatus = ({ id, status }) => ({ id, status });
  assert.deepEqual([...lineage.models].map(idStatus).sort((a, b) => a.id - b.id), [base.id, tuned.id, other.id].sort((a, b) => a - b).map((id) => ({ id, status: 'active' })));
  assert.deepEqual(lineage.datasets.map(idStatus), [{ id: data.id, status: 'active' }]);
  // Each node carries its root and licence: one call draws the graph.
  assert.equal(lineage.weightsRoot, merged.weightsRoot);
  assert.equal(lineage.models.find((m) => m.id === tuned.id).root, tuned.weightsRoot);
  assert.equal(lineage.datasets[0].root, data.contentRoot);
  assert.equal(lineage.datasets[0].license.spdx, (await api.rpc.provenance.getDataset(data.id)).toJSON().license.spdx);
  assert.equal(lineage.truncated, false);
  const edges = lineage.edges.map((e) => `${e.from}->${e.to.model ?? `d${e.to.dataset}`}:${e.kind}`).sort();
  assert.deepEqual(edges, [
    `${merged.id}->${tuned.id}:merge`, `${merged.id}->${other.id}:merge`,
    `${tuned.id}->${base.id}:fineTune`, `${tuned.id}->d${data.id}:trainedOn`,
  ].sort());
  const shallow = (await api.rpc.provenance.lineage(merged.id, 1)).toJSON();
  assert.equal(shallow.truncated, true);
  assert.deepEqual(shallow.datasets, []);

  const fromData = (await api.rpc.provenance.descendants({ dataset: data.id })).toJSON();
  assert.deepEqual([...fromData.models].sort((a, b) => a - b), [tuned.id, merged.id].sort((a, b) => a - b));
  const fromBase = (await api.rpc.provenance.descendants({ model: base.id })).toJSON();
  assert.deepEqual([...fromBase.models].sort((a, b) => a - b), [tuned.id, merged.id].sort((a, b) => a - b));
});

test('license enforcement: no-training dataset and no-derivatives parent, stranger vs owner', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const closedData = await registerDataset(api, alice, { lic: license({ aiTrainingAllowed: false }) });
  await assert.rejects(registerModel(api, bob, { datasets: [closedData.id] }), /TrainingNotPermitted/);
  await registerModel(api, alice, { datasets: [closedData.id] });

  const closedModel = await registerModel(api, alice, { lic: license({ derivativesAllowed: false }) });
  await assert.rejects(registerModel(api, bob, { parents: [[closedModel.id, 'FineTune']] }), /DerivativesNotPermitted/);
  await registerModel(api, alice, { parents: [[closedModel.id, 'Quantization']] });

  const nc = await registerDataset(api, alice, { lic: license({ commercialUse: false }) });
  const ncChild = await registerModel(api, alice, { datasets: [nc.id], lic: license({ commercialUse: false }) });
  await assert.rejects(registerModel(api, alice, { parents: [[ncChild.id, 'FineTune']], lic: license({ commercialUse: true }) }), /CommercialUseNotPermitted/);
});

test('two-step transfer: an offer nobody accepts moves nothing; acceptance moves the hold and resets royalty settings', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const charlie = dev('Charlie');
  const model = await registerModel(api, alice);
  await sendAndFinalize(api, api.tx.royalties.setUpstream(model.id, 250_000_000), alice);
  await sendAndFinalize(api, api.tx.royalties.setBeneficiaries({ Model: model.id }, [[alice.address, 1_000_000_000]]), alice);
  const held = async (who) => {
    const holds = (await api.query.balances.holds(who.address)).toJSON();
    return holds.filter((h) => h.id?.models !== undefined).reduce((sum, h) => sum + BigInt(h.amount), 0n);
  };
  const deposit = (await api.query.models.models(model.id)).unwrap().deposit.toBigInt();
  const listHeld = async (who) => (await api.query.balances.holds(who.address)).toJSON()
    .filter((h) => h.id?.royalties !== undefined).reduce((sum, h) => sum + BigInt(h.amount), 0n);
  // One beneficiary: a 37-byte list at the record rate.
  const listDeposit = api.consts.datasets.depositBase.toBigInt() + 37n * api.consts.datasets.depositPerByte.toBigInt();
  const aliceListBefore = await listHeld(alice);
  assert.ok(aliceListBefore >= listDeposit, 'the beneficiary list holds a deposit from Alice');
  const aliceBefore = await held(alice);
  const charlieBefore = await held(charlie);

  // Offered to Charlie, who never accepts: nothing moves, Alice stays in charge.
  const offered = await sendAndFinalize(api, api.tx.models.offerTransfer(model.id, charlie.address), alice);
  assert.ok(findEvent(offered.events, 'models', 'TransferOffered'));
  assert.equal((await api.query.models.models(model.id)).unwrap().owner.toString(), alice.address);
  assert.equal(await held(alice), aliceBefore);
  assert.equal(await held(charlie), charlieBefore);
  await assert.rejects(sendAndFinalize(api, api.tx.models.acceptTransfer(model.id), bob), /NotOfferedToYou/);

  // Replaced by an offer to Bob, who accepts: the held deposit moves, the settings reset.
  await sendAndFinalize(api, api.tx.models.offerTransfer(model.id, bob.address), alice);
  const bobBefore = await held(bob);
  const accepted = await sendAndFinalize(api, api.tx.models.acceptTransfer(model.id), bob);
  const moved = findEvent(accepted.events, 'models', 'OwnershipTransferred');
  assert.equal(moved.data.from.toString(), alice.address);
  assert.equal(moved.data.to.toString(), bob.address);
  assert.ok(findEvent(accepted.events, 'royalties', 'SettingsReset'));
  assert.equal((await api.query.models.models(model.id)).unwrap().owner.toString(), bob.address);
  assert.equal(await held(alice), aliceBefore - deposit);
  assert.equal(await held(bob), bobBefore + deposit);
  assert.equal((await api.query.royalties.upstream(model.id)).toNumber(), 0);
  assert.ok((await api.query.royalties.beneficiaries({ Model: model.id })).isNone);
  assert.equal(await listHeld(alice), aliceListBefore - listDeposit, "the reset list's deposit went back to Alice");
  assert.ok((await api.query.models.pendingTransfers(model.id)).isNone);
  await assert.rejects(sendAndFinalize(api, api.tx.models.acceptTransfer(model.id), charlie), /NoOffer/);
  await assert.rejects(sendAndFinalize(api, api.tx.models.cancelTransfer(model.id), alice), /NotOwner/);
});
