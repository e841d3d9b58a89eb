// Index reads the RPC has no method for, straight from storage: ids under a map prefix
// (`state_getKeysPaged`), keys built as FRAME builds them.
import { blake2AsU8a, decodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, hexToU8a } from '@polkadot/util';
import type { Rpc } from './rpc';

const twox128 = (name: string) => xxhashAsU8a(name, 128);
const u64 = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const twox64Concat = (key: Uint8Array) => u8aConcat(xxhashAsU8a(key, 64), key);
const blake2128Concat = (key: Uint8Array) => u8aConcat(blake2AsU8a(key, 128), key);

/** The ids (a trailing `Twox64Concat` u64) of every key under `prefix`, at most `limit`. */
async function idsUnder(rpc: Rpc, prefix: Uint8Array, limit = 1000): Promise<number[]> {
  const keys = await rpc.call<string[]>('state_getKeysPaged', [u8aToHex(prefix), limit, null]);
  return keys.map((key) => {
    const bytes = hexToU8a(key);
    return Number(new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8).getBigUint64(0, true));
  }).sort((a, b) => a - b);
}

/** Batches anchored for a model (`Inference::BatchesByModel`). */
export const batchesOfModel = (rpc: Rpc, model: number) =>
  idsUnder(rpc, u8aConcat(twox128('Inference'), twox128('BatchesByModel'), twox64Concat(u64(model))));

/** Models trained directly on a dataset (`Models::ModelsByDataset`). */
export const modelsTrainedOn = (rpc: Rpc, dataset: number) =>
  idsUnder(rpc, u8aConcat(twox128('Models'), twox128('ModelsByDataset'), twox64Concat(u64(dataset))));

/** Datasets owned by an account (`Datasets::DatasetsByOwner`); throws on an invalid address. */
export const datasetsOf = (rpc: Rpc, account: string) =>
  idsUnder(rpc, u8aConcat(twox128('Datasets'), twox128('DatasetsByOwner'), blake2128Concat(decodeAddress(account))));
