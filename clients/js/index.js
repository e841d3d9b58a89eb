// polkadot.js RPC definitions and helpers for Provenance Chain.
//
//   import { ApiPromise, WsProvider } from '@polkadot/api';
//   import { rpc, helpers } from '@provenance-chain/client';
//   const api = await ApiPromise.create({ provider: new WsProvider('ws://127.0.0.1:9944'), rpc });
//   const model = await api.rpc.provenance.getModel(1);   // Json: model object or null
//
// Every method's result is a `Json` codec: call `.toJSON()` for the plain object.

const at = { name: 'at', type: 'Hash', isOptional: true };
const method = (description, params) => ({ description, params: [...params, at], type: 'Json' });

/** Custom RPC definitions, for `ApiPromise.create({ rpc })`. */
export const rpc = {
  provenance: {
    getDataset: method('A dataset by id, or null', [{ name: 'id', type: 'u64' }]),
    getDatasetByRoot: method('A dataset by content root, or null', [{ name: 'contentRoot', type: 'H256' }]),
    getModel: method('A model by id, or null', [{ name: 'id', type: 'u64' }]),
    getModelByRoot: method('A model by weights root, or null', [{ name: 'weightsRoot', type: 'H256' }]),
    lineage: method('Every ancestor model and dataset of a model, each as { id, status, root, license }; taintedAncestry when one is retracted or displaced', [
      { name: 'modelId', type: 'u64' }, { name: 'maxDepth', type: 'u32', isOptional: true }]),
    descendants: method('Every model derived from { model: id } or { dataset: id }', [
      { name: 'asset', type: 'Json' }, { name: 'maxDepth', type: 'u32', isOptional: true }]),
    getInference: method("A model's claim to an output (an inference record), or null", [
      { name: 'outputHash', type: 'H256' }, { name: 'modelId', type: 'u64' }]),
    inferenceClaims: method("Every model's claim to an output hash", [{ name: 'outputHash', type: 'H256' }]),
    getBatch: method('An anchored batch by id, or null', [{ name: 'batchId', type: 'u64' }]),
    verifyInclusion: method('{ valid, batch } for a record and its proof', [
      { name: 'batchId', type: 'u64' }, { name: 'record', type: 'Json' }, { name: 'proof', type: 'Json' }]),
    getDispute: method('A dispute by id, or null', [{ name: 'id', type: 'u64' }]),
    disputesOf: method('Every dispute about { dataset: id } | { model: id } | { inference: { outputHash, modelId } } | { batch: id }, by id', [
      { name: 'target', type: 'Json' }]),
  },
  royalties: {
    quote: method('{ credits: [{ account, amount }], quoteHash }: what pay(modelId, amount) would credit; pass quoteHash as pay\'s expected', [
      { name: 'modelId', type: 'u64' }, { name: 'amount', type: 'Text' }]),
    quoteUsage: method('{ price, count, amount, credits, quoteHash }: what count inferences of a model (Inference.log: 1, anchor_batch: count) charge and credit', [
      { name: 'modelId', type: 'u64' }, { name: 'count', type: 'u64' }]),
    claimable: method('What an account can claim (decimal string)', [{ name: 'account', type: 'AccountId' }]),
  },
};

/** A permissive license object for `register` calls. */
export function license({ spdx = 'Apache-2.0', commercialUse = true, derivativesAllowed = true, aiTrainingAllowed = true, termsHash = null } = {}) {
  return { spdx, commercialUse, derivativesAllowed, aiTrainingAllowed, termsHash };
}

/** `[account, perbill]` pairs from `{ address: percent }` (percent may have up to 7 decimals). */
export function shares(byAddress) {
  return Object.entries(byAddress).map(([who, percent]) => [who, Math.round(percent * 10_000_000)]);
}

/** The id in the first `section.method` event of a finalized result, e.g. `Datasets.DatasetRegistered`. */
export function eventField(events, section, method, field) {
  const found = events.map((r) => r.event).find((e) => e.section === section && e.method === method);
  return found ? found.data[field] : undefined;
}

export { leafHash, MerkleTree, anchoredRoot, pathLen, verify, verifyLeaf } from './merkle.js';
export {
  verifyReceipt, parseReceipt, genesisFromRawSpec, verifyJustification, scheduledChange, ReceiptError, RECEIPT_VERSION,
  DEVELOPMENT_KEYS,
} from './receipt.js';
export { trieRoot, ProvenState, TrieProofError } from './trie.js';
export { sha256, sha256Stream, contentLeaf, contentRoot, isExcludedByDefault, keepFile } from './content.js';
