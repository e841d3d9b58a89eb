// Inference on a real dev node: log one inference, anchor a batch, verify proofs over RPC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MerkleTree } from '@provenance-chain/client';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { dev, rawRpc, registerModel, uniqueHash } from '../lib/chain.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

test('log an inference and read it back', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const model = await registerModel(api, alice);
  const [input, output, params] = [uniqueHash('in'), uniqueHash('out'), uniqueHash('params')];
  const { events } = await sendAndFinalize(api, api.tx.inference.log(model.id, input, output, params), alice);
  assert.ok(findEvent(events, 'inference', 'InferenceLogged'));
  const record = (await api.rpc.provenance.getInference(output, model.id)).toJSON();
  assert.equal(record.modelId, model.id);
  assert.equal(record.inputHash, input);
  assert.equal(record.paramsHash, params);
  assert.equal(record.submitter, alice.address);
  await assert.rejects(sendAndFinalize(api, api.tx.inference.log(model.id, input, output, params), alice), /AlreadyLogged/);
  await assert.rejects(sendAndFinalize(api, api.tx.inference.log(model.id, input, uniqueHash('o2'), params), bob), /NotOperator/);
  await sendAndFinalize(api, api.tx.models.addOperator(model.id, bob.address), alice);
  await sendAndFinalize(api, api.tx.inference.log(model.id, input, uniqueHash('o3'), params), bob);
});

test('two models claim the same output: both claims are kept; the same model twice is refused', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const charlie = dev('Charlie');
  const real = await registerModel(api, alice);
  const squatter = await registerModel(api, charlie);
  const [input, output, params] = [uniqueHash('in'), uniqueHash('contested'), uniqueHash('params')];
  // The squatter logs the victim's output first; the real model's claim still lands.
  await sendAndFinalize(api, api.tx.inference.log(squatter.id, uniqueHash('other-in'), output, params), charlie);
  const { events } = await sendAndFinalize(api, api.tx.inference.log(real.id, input, output, params), alice);
  assert.equal(findEvent(events, 'inference', 'InferenceLogged').data.modelId.toNumber(), real.id);
  const claims = await rawRpc(api, 'provenance_inferenceClaims', [output]);
  assert.deepEqual(claims.map((c) => [c.modelId, c.submitter]).sort(), [[real.id, alice.address], [squatter.id, charlie.address]].sort());
  assert.equal((await api.rpc.provenance.getInference(output, real.id)).toJSON().inputHash, input);
  assert.equal((await api.rpc.provenance.getInference(output, squatter.id)).toJSON().submitter, charlie.address);
  await assert.rejects(sendAndFinalize(api, api.tx.inference.log(real.id, uniqueHash('again'), output, params), alice), /AlreadyLogged/);
  assert.equal((await rawRpc(api, 'provenance_inferenceClaims', [output])).length, 2);
  assert.deepEqual(await rawRpc(api, 'provenance_inferenceClaims', [uniqueHash('unclaimed')]), []);
});

test('a proof binds its position: record 4 of 5 presented as index 3 and a wrong count never verify', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const model = await registerModel(api, alice);
  const records = Array.from({ length: 5 }, (_, i) => ({
    modelId: model.id, inputHash: uniqueHash(`in${i}`), outputHash: uniqueHash(`out${i}`), paramsHash: uniqueHash('p'),
  }));
  const tree = new MerkleTree(records);
  const anchor = async (root, count) => {
    const { events } = await sendAndFinalize(api, api.tx.inference.anchorBatch(model.id, root, count, ''), alice);
    return findEvent(events, 'inference', 'BatchAnchored').data.batchId.toNumber();
  };
  const batchId = await anchor(tree.root(), 5);
  const verify = async (id, record, proof) => (await api.rpc.provenance.verifyInclusion(id, record, proof)).toJSON().valid;
  const proof = tree.proof(4);
  assert.equal(await verify(batchId, records[4], proof), true);
  assert.equal(await verify(batchId, records[4], { ...proof, leafIndex: 3 }), false);
  // The same tree anchored with the count 4, and the bare tree root with the count 5: no proof verifies.
  const wrongCount = await anchor(tree.root(), 4);
  const bareRoot = await anchor(tree.treeRoot(), 5);
  for (let i = 0; i < 5; i++) {
    assert.equal(await verify(wrongCount, records[i], tree.proof(i)), false, `record ${i} under count 4`);
    assert.equal(await verify(bareRoot, records[i], tree.proof(i)), false, `record ${i} under the bare tree root`);
    assert.equal(await verify(batchId, records[i], tree.proof(i)), true, `record ${i}`);
  }
});

test('anchor a batch of 1,000 records and verify proofs via RPC', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const model = await registerModel(api, alice);
  const records = Array.from({ length: 1000 }, (_, i) => ({
    modelId: model.id, inputHash: uniqueHash(`in${i}`), outputHash: uniqueHash(`out${i}`), paramsHash: uniqueHash('p'),
  }));
  const tree = new MerkleTree(records);
  const { events } = await sendAndFinalize(api, api.tx.inference.anchorBatch(model.id, tree.root(), records.length, 's3://bucket/batch-1.jsonl'), alice);
  const anchored = findEvent(events, 'inference', 'BatchAnchored');
  const batchId = anchored.data.batchId.toNumber();

  const batch = (await api.rpc.provenance.getBatch(batchId)).toJSON();
  assert.equal(batch.root, tree.root());
  assert.equal(batch.count, 1000);
  assert.equal(batch.modelId, model.id);

  for (const i of [0, 1, 499, 998, 999]) {
    const result = (await api.rpc.provenance.verifyInclusion(batchId, records[i], tree.proof(i))).toJSON();
    assert.equal(result.valid, true, `record ${i}`);
    assert.equal(result.batch.id, batchId);
  }
  // Another record with this proof, a truncated proof, an index past the count: all false.
  const p = tree.proof(7);
  assert.equal((await api.rpc.provenance.verifyInclusion(batchId, records[8], p)).toJSON().valid, false);
  assert.equal((await api.rpc.provenance.verifyInclusion(batchId, records[7], { ...p, siblings: p.siblings.slice(1) })).toJSON().valid, false);
  assert.equal((await api.rpc.provenance.verifyInclusion(batchId, records[7], { ...p, leafIndex: 1000 })).toJSON().valid, false);
  assert.equal((await api.rpc.provenance.verifyInclusion(batchId + 1000, records[7], p)).toJSON().valid, false);
  await assert.rejects(sendAndFinalize(api, api.tx.inference.anchorBatch(model.id, tree.root(), 0, ''), alice), /EmptyBatch/);
});
