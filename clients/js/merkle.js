// Inference records, batch roots and inclusion proofs, exactly as the chain computes them
// (primitives/src/merkle.rs; docs/HASHING.md).
//
// The tree is polkadot-sdk's binary-merkle-tree with BLAKE2b-256: each leaf value is hashed once
// more before pairing, an odd node is promoted (not duplicated). A batch is anchored with
// `anchoredRoot(count, treeRoot) = blake2_256(count as u64 LE ++ treeRoot)`, and a proof verifies
// only if it has exactly `pathLen(leafIndex, count)` siblings and leads to that anchored root.
import { blake2AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex, u8aConcat, u8aEq } from '@polkadot/util';

const h = (bytes) => blake2AsU8a(bytes, 256);
const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = (1n << 32n) - 1n;

/** `n` (number, bigint or decimal string) as a bigint, or null if it is not an integer. */
function toBigInt(n) {
  try {
    if (typeof n === 'bigint') return n;
    if (typeof n === 'number') return Number.isSafeInteger(n) ? BigInt(n) : null;
    if (typeof n === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(n)) return BigInt(n);
  } catch { /* fall through */ }
  return null;
}

/** Little-endian u64 of `n`; throws if `n` is not an integer in 0..2^64-1. */
function u64le(n) {
  let v = toBigInt(n);
  if (v === null || v < 0n || v > U64_MAX) throw new RangeError(`not a u64: ${n}`);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

/** A 32-byte hash from hex or bytes, or null if it is not 32 bytes. */
function h256(value) {
  try {
    const bytes = typeof value === 'string' ? hexToU8a(value) : value;
    return bytes instanceof Uint8Array && bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

/** The leaf value of `{ modelId, inputHash, outputHash, paramsHash }`: blake2_256(SCALE(record)). */
export function leafHash(record) {
  return h(u8aConcat(u64le(record.modelId), hexToU8a(record.inputHash), hexToU8a(record.outputHash), hexToU8a(record.paramsHash)));
}

/** The root a batch is anchored with: blake2_256(SCALE((count: u64, treeRoot: H256))), as hex. */
export function anchoredRoot(count, treeRootHex) {
  const tree = h256(treeRootHex);
  if (!tree) throw new TypeError('treeRoot must be 32 bytes');
  return u8aToHex(h(u8aConcat(u64le(count), tree)));
}

/**
 * Siblings on the path from leaf `index` to the root of a tree of `count` leaves: one per level,
 * except the levels where the node is the last of an odd row and is promoted. null if
 * `index >= count` (or either is not a non-negative integer).
 */
export function pathLen(index, count) {
  let position = toBigInt(index);
  let width = toBigInt(count);
  if (position === null || width === null || position < 0n || position >= width) return null;
  let len = 0;
  while (width > 1n) {
    const promoted = position % 2n === 0n && position + 1n === width;
    if (!promoted) len += 1;
    position /= 2n;
    width = (width + 1n) / 2n;
  }
  return len;
}

/** The tree root `siblings` lead to from `leaf` at `index` of `count` (as the chain computes it). */
function rootFromProof(index, count, leaf, siblings) {
  let node = h(leaf);
  let position = index;
  let width = count;
  for (const sibling of siblings) {
    // Promoted levels have no sibling; skip them.
    while (position % 2n === 0n && position + 1n === width && width > 1n) {
      position /= 2n;
      width = (width + 1n) / 2n;
    }
    node = position % 2n === 1n ? h(u8aConcat(sibling, node)) : h(u8aConcat(node, sibling));
    position /= 2n;
    width = (width + 1n) / 2n;
  }
  return node;
}

/**
 * Whether the leaf value `leaf` (32 bytes, hex or Uint8Array) is in the batch anchored with `root`
 * and `count` leaves, according to `proof` (`{ leafIndex, siblings }`). Never throws: false for a
 * malformed input, a proof whose length is not exactly `pathLen(leafIndex, count)`, an index past
 * `count`, `count = 0`, sizes beyond 2^32 - 1, or another root.
 */
export function verifyLeaf(root, count, leaf, proof) {
  const rootBytes = h256(root);
  const leafBytes = h256(leaf);
  const n = toBigInt(count);
  const index = toBigInt(proof?.leafIndex);
  if (!rootBytes || !leafBytes || n === null || index === null || !Array.isArray(proof?.siblings)) return false;
  if (n < 0n || n > U32_MAX || index < 0n || index > U32_MAX) return false;
  if (pathLen(index, n) !== proof.siblings.length) return false;
  const siblings = proof.siblings.map(h256);
  if (siblings.some((s) => s === null)) return false;
  const tree = rootFromProof(index, n, leafBytes, siblings);
  return u8aEq(h(u8aConcat(u64le(n), tree)), rootBytes);
}

/** Whether `record` is in the batch anchored with `root` and `count` leaves, according to `proof`. */
export function verify(root, count, record, proof) {
  let leaf;
  try { leaf = leafHash(record); } catch { return false; }
  return verifyLeaf(root, count, leaf, proof);
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
  /** Number of leaves. */
  get length() {
    return this.layers[0].length;
  }
  /** The binary-merkle-tree root, without the count (zero for an empty tree). */
  treeRoot() {
    const top = this.layers[this.layers.length - 1];
    return top.length === 1 ? u8aToHex(top[0]) : u8aToHex(new Uint8Array(32));
  }
  /** The root a batch is anchored with: `anchoredRoot(count, treeRoot())` (zero for an empty tree). */
  root() {
    if (this.length === 0) return u8aToHex(new Uint8Array(32));
    return anchoredRoot(this.length, this.treeRoot());
  }
  /** Proof for the leaf at `index`: `{ leafIndex, siblings }` (lowest level first). */
  proof(index) {
    const siblings = [];
    let position = Number(index);
    for (const layer of this.layers.slice(0, -1)) {
      const sibling = position % 2 === 1 ? position - 1 : position + 1;
      if (sibling < layer.length) siblings.push(u8aToHex(layer[sibling]));
      position = Math.floor(position / 2);
    }
    return { leafIndex: index, siblings };
  }
}
