// Inference records, batch roots and inclusion proofs, exactly as the chain computes them
// (polkadot-sdk's binary-merkle-tree with BLAKE2b-256; see SPEC "Hashing conventions").
import { blake2AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex, u8aConcat } from '@polkadot/util';

const h = (bytes) => blake2AsU8a(bytes, 256);

function u64le(n) {
  const out = new Uint8Array(8);
  let v = BigInt(n);
  for (let i = 0; i < 8; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

/** The leaf value of `{ modelId, inputHash, outputHash, paramsHash }`: blake2_256(SCALE(record)). */
export function leafHash(record) {
  return h(u8aConcat(u64le(record.modelId), hexToU8a(record.inputHash), hexToU8a(record.outputHash), hexToU8a(record.paramsHash)));
}

/** A whole tree over records (in submission order): `root()` and `proof(i)` as the RPC expects. */
export class MerkleTree {
  constructor(records) {
    this.layers = [records.map((r) => h(leafHash(r)))];
    let current = this.layers[0];
    while (current.length > 1) {
      const next = [];
      for (let i = 0; i < current.length; i += 2) {
        next.push(i + 1 < current.length ? h(u8aConcat(current[i], current[i + 1])) : current[i]);
      }
      this.layers.push(next);
      current = next;
    }
  }
  root() {
    const top = this.layers[this.layers.length - 1];
    return top.length === 1 ? u8aToHex(top[0]) : u8aToHex(new Uint8Array(32));
  }
  proof(index) {
    const siblings = [];
    let position = index;
    for (const layer of this.layers.slice(0, -1)) {
      const sibling = position % 2 === 1 ? position - 1 : position + 1;
      if (sibling < layer.length) siblings.push(u8aToHex(layer[sibling]));
      position = Math.floor(position / 2);
    }
    return { leafIndex: index, siblings };
  }
}
