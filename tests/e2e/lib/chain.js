// Helpers shared by the provenance end-to-end tests.
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { sendAndFinalize, findEvent } from './tx.js';

export const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
export const dev = (name) => keyring.addFromUri(`//${name}`);
/** A unique 32-byte hash for this run. */
let counter = 0;
export const uniqueHash = (label = 'x') => blake2AsHex(`${label}-${process.pid}-${Date.now()}-${counter++}`, 256);

export const PERBILL_ONE = 1_000_000_000;

export function license(overrides = {}) {
  return { spdx: 'Apache-2.0', commercialUse: true, derivativesAllowed: true, aiTrainingAllowed: true, termsHash: null, ...overrides };
}

/** Registers a dataset; returns `{ id, contentRoot, events, blockHash }`. */
export async function registerDataset(api, signer, { contentRoot = uniqueHash('dataset'), contributors, lic = license(), previousVersion = null, uri = 'ipfs://bafy-dataset', metadata = '{"rows":1000}', sizeBytes = 123_456, salt = null } = {}) {
  const shares = contributors ?? [[signer.address, PERBILL_ONE]];
  const tx = api.tx.datasets.register(contentRoot, sizeBytes, uri, lic, metadata, shares, previousVersion, salt);
  const { events, blockHash } = await sendAndFinalize(api, tx, signer);
  const event = findEvent(events, 'datasets', 'DatasetRegistered');
  return { id: event.data.id.toNumber(), contentRoot, events, blockHash };
}

/** Registers a model; returns `{ id, weightsRoot, events, blockHash }`. */
export async function registerModel(api, signer, { weightsRoot = uniqueHash('model'), parents = [], datasets = [], lic = license(), uri = 'hf://org/model', metadata = '{}', salt = null } = {}) {
  const configHash = uniqueHash('config');
  const tx = api.tx.models.register(weightsRoot, configHash, uri, lic, metadata, parents, datasets, salt);
  const { events, blockHash } = await sendAndFinalize(api, tx, signer);
  const event = findEvent(events, 'models', 'ModelRegistered');
  return { id: event.data.id.toNumber(), weightsRoot, configHash, events, blockHash };
}

/** Raw JSON-RPC call through the api's provider (bypasses polkadot.js param encoding). */
export function rawRpc(api, method, params) {
  return api._rpcCore.provider.send(method, params);
}
