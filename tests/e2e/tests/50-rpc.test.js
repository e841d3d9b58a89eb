// Every custom RPC method against a real node: results match what the extrinsics wrote, and bad
// parameters give JSON-RPC errors naming the field (never a panic, never a silent null).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode } from '../lib/node.js';
import { dev, registerDataset, registerModel, rawRpc, uniqueHash } from '../lib/chain.js';

let node;
let ids;
// Kept across a restart of the node by the last test.
const base = mkdtempSync(join(tmpdir(), 'provenance-e2e-rpc-'));
before(async () => {
  node = await startNode({ basePath: base });
  const alice = dev('Alice');
  const data = await registerDataset(node.api, alice);
  const model = await registerModel(node.api, alice, { datasets: [data.id] });
  ids = { data, model };
});
after(async () => {
  if (node) await node.stop();
  rmSync(base, { recursive: true, force: true });
});

async function rejectsNaming(method, params, field) {
  await assert.rejects(rawRpc(node.api, method, params), (e) => {
    assert.match(String(e.message), new RegExp(field.replace(/[[\]]/g, '\\$&')), `${method} ${JSON.stringify(params)} -> ${e.message}`);
    return true;
  });
}

test('`at` selects the block: the model is absent before its registration', async () => {
  const { api } = node;
  const header = await api.rpc.chain.getHeader(ids.model.blockHash);
  const parent = header.parentHash.toHex();
  assert.equal(await rawRpc(api, 'provenance_getModel', [ids.model.id, parent]), null);
  assert.equal((await rawRpc(api, 'provenance_getModel', [ids.model.id, ids.model.blockHash])).id, ids.model.id);
});

test('bad parameters are errors that name the field', async () => {
  const H = uniqueHash('h');
  await rejectsNaming('provenance_getDataset', [], 'id');
  await rejectsNaming('provenance_getDataset', [-1], 'id');
  await rejectsNaming('provenance_getDataset', ['abc'], 'id');
  await rejectsNaming('provenance_getModel', [1, '0x1234'], 'at');
  await rejectsNaming('provenance_getModel', [1, H], 'at');
  await rejectsNaming('provenance_getDatasetByRoot', ['0x123'], 'content_root');
  await rejectsNaming('provenance_getDatasetByRoot', ['0x' + 'zz'.repeat(32)], 'content_root');
  await rejectsNaming('provenance_getModelByRoot', ['0x' + 'ab'.repeat(31)], 'weights_root');
  await rejectsNaming('provenance_getInference', [42], 'output_hash');
  await rejectsNaming('provenance_getInference', [uniqueHash('x')], 'model_id');
  await rejectsNaming('provenance_inferenceClaims', ['0x12'], 'output_hash');
  await rejectsNaming('provenance_getBatch', [null], 'batch_id');
  await rejectsNaming('provenance_lineage', [ids.model.id, 100000], 'max_depth');
  await rejectsNaming('provenance_lineage', ['x'], 'model_id');
  await rejectsNaming('provenance_descendants', [{ dataset: -3 }], 'asset.dataset');
  await rejectsNaming('provenance_descendants', [5], 'asset');
  await rejectsNaming('provenance_verifyInclusion', [0, { modelId: 1 }, { leafIndex: 0, siblings: [] }], 'record.inputHash');
  await rejectsNaming('provenance_verifyInclusion', [0, { modelId: 1, inputHash: H, outputHash: H, paramsHash: H }, { leafIndex: 0, siblings: ['0x00'] }], 'proof.siblings[0]');
  await rejectsNaming('royalties_quote', [ids.model.id, 'ten'], 'amount');
  await rejectsNaming('royalties_quote', [999999, '10'], 'model_id');
  await rejectsNaming('royalties_claimable', ['not-an-address'], 'account');
});

test('every method answers over plain JSON-RPC', async () => {
  const { api } = node;
  const alice = dev('Alice');
  assert.equal((await rawRpc(api, 'provenance_getDataset', [ids.data.id])).contentRoot, ids.data.contentRoot);
  assert.equal((await rawRpc(api, 'provenance_getDatasetByRoot', [ids.data.contentRoot])).id, ids.data.id);
  assert.equal((await rawRpc(api, 'provenance_getModelByRoot', [ids.model.weightsRoot])).id, ids.model.id);
  assert.deepEqual((await rawRpc(api, 'provenance_lineage', [ids.model.id])).datasets.map(({ id, status, root }) => ({ id, status, root })),
    [{ id: ids.data.id, status: 'active', root: ids.data.contentRoot }]);
  assert.deepEqual((await rawRpc(api, 'provenance_descendants', [{ dataset: ids.data.id }])).models, [ids.model.id]);
  assert.equal(await rawRpc(api, 'provenance_getInference', [uniqueHash('none'), 0]), null);
  assert.deepEqual(await rawRpc(api, 'provenance_inferenceClaims', [uniqueHash('none')]), []);
  assert.equal(await rawRpc(api, 'provenance_getBatch', [123456]), null);
  const q = await rawRpc(api, 'royalties_quote', [ids.model.id, '1000000000000']);
  assert.deepEqual(q.credits, [{ account: alice.address, amount: '1000000000000' }]);
  // Below the minimum credit (the existential deposit): refused, naming the amount.
  await rejectsNaming('royalties_quote', [ids.model.id, '999999999'], 'amount');
  assert.match(q.quoteHash, /^0x[0-9a-f]{64}$/);
  assert.equal(typeof await rawRpc(api, 'royalties_claimable', [alice.address]), 'string');
  // The runtime API is reachable without the custom RPC too (state_call / api.call).
  const viaCall = await api.call.provenanceApi.model(ids.model.id);
  assert.equal(viaCall.unwrap().owner.toString(), alice.address);
});

test('GRANDPA finality RPC: round state, justifications as blocks are finalized, finality proofs', async () => {
  const { api } = node;
  const state = await api.rpc.grandpa.roundState();
  assert.equal(state.setId.toNumber(), 0, 'set 0 on a dev chain');
  assert.equal(state.best.totalWeight.toNumber(), 1, 'one voter (Alice) of weight 1');
  // The next justification, decoded with polkadot.js's own types: a commit for a finalized block,
  // signed by Alice's GRANDPA key.
  const justification = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no justification within 60 s')), 60_000);
    let unsub;
    api.rpc.grandpa.subscribeJustifications((j) => {
      clearTimeout(timer);
      if (unsub) unsub();
      resolve(j);
    }).then((u) => { unsub = u; }, reject);
  });
  const decoded = api.createType('GrandpaJustification', justification.toU8a(true));
  const target = decoded.commit.targetHash.toHex();
  const header = await api.rpc.chain.getHeader(target);
  assert.equal(header.number.toNumber(), decoded.commit.targetNumber.toNumber());
  assert.ok(decoded.commit.precommits.length >= 1);
  const grandpaKey = (await api.query.session.nextKeys(dev('Alice').address)).unwrap().grandpa.toHex();
  assert.equal(decoded.commit.precommits[0].id.toHex(), grandpaKey, "Alice's GRANDPA key signed it");
  // Upstream answers finality proofs only for blocks covered by an authority-set change: a chain
  // whose set never changed gets an error that says so (paritytech/polkadot-sdk#1401), never a panic.
  await assert.rejects(api.rpc.grandpa.proveFinality(1), /authority set changes|not covered/i);
});

test('the native query path answers exactly as the wasm runtime does', async () => {
  // This node runs the runtime built into it, so the provenance queries (custom RPC and
  // state_call alike) answer natively. The same chain, restarted with --wasm-queries, answers
  // every query in wasm: same code, same state, so every answer must be identical.
  assert.match(node.log, /Provenance queries: native/);
  const alice = dev('Alice').address;
  const at = ids.model.blockHash;
  const queries = [
    ['provenance_getModel', [ids.model.id, at]],
    ['provenance_getDataset', [ids.data.id, at]],
    ['provenance_getModelByRoot', [ids.model.weightsRoot, at]],
    ['provenance_lineage', [ids.model.id, 10, at]],
    ['provenance_descendants', [{ dataset: ids.data.id }, 10, at]],
    ['royalties_quote', [ids.model.id, '1000000000000', at]],
    ['royalties_claimable', [alice, at]],
    ['provenance_getDispute', [0, at]],
    ['provenance_disputesOf', [{ dataset: ids.data.id }, at]],
  ];
  const ask = (api) => Promise.all(queries.map(([method, params]) => rawRpc(api, method, params)));
  const askRuntimeApi = async (api) => (await api.at(at)).call.provenanceApi.model(ids.model.id);
  const native = await ask(node.api);
  const nativeCall = (await askRuntimeApi(node.api)).toHex();
  assert.ok(native[0] && native[0].id === ids.model.id, 'the model is there natively');

  await node.stop();
  node = await startNode({ args: ['--dev', '--wasm-queries'], basePath: base });
  assert.match(node.log, /Provenance queries: wasm runtime only/);
  assert.deepEqual(await ask(node.api), native);
  assert.equal((await askRuntimeApi(node.api)).toHex(), nativeCall);
});
