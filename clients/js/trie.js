// Substrate's state trie (polkadot-sdk `sp-trie`, `LayoutV1` with BLAKE2b-256), as much of it as
// a receipt verifier needs: the root of a set of key-values (a chain spec's genesis state) and
// reads through a storage proof (`state_getReadProof` nodes) against a state root.
//
// Node format (sp-trie node_codec.rs, node_header.rs): a header byte whose top bits say the kind
// (01 leaf, 10 branch, 11 branch with value, 001 leaf with hashed value, 0001 branch with hashed
// value, 0 empty) and whose low bits, continued in the next bytes, count the partial key's
// nibbles; the partial key packed two nibbles per byte (an odd count pads the first byte's high
// nibble); a branch's 16-bit child bitmap (little endian); the value (compact length and bytes,
// or for a hashed value its 32-byte hash, the value being its own node); each child as a compact
// length and either its 32-byte hash or, when its encoding is shorter than 32 bytes, the node
// itself. Values of 33 bytes or more are hashed (state version 1). A root is the hash of the root
// node; the empty trie's is the hash of [0].
//
// Hashing is @polkadot/util-crypto's BLAKE2b; this file only lays out and walks nodes. The Rust
// code it mirrors is upstream `sp-trie`; the shared receipt vectors (test/receipt-vectors.json)
// and the e2e test against a real node check the two agree.
import { blake2AsU8a } from '@polkadot/util-crypto';
import { compactFromU8a, compactToU8a, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';

const hash = (bytes) => blake2AsU8a(bytes, 256);
const HASH_LEN = 32;
/** Values this long or longer are stored as their own node (`TRIE_VALUE_NODE_THRESHOLD`). */
const VALUE_NODE_THRESHOLD = 33;

/** A storage proof that does not prove what it is asked. */
export class TrieProofError extends Error {}

function nibblesOf(key) {
  const out = new Uint8Array(key.length * 2);
  key.forEach((byte, i) => { out[2 * i] = byte >> 4; out[2 * i + 1] = byte & 0x0f; });
  return out;
}

function header(prefix, prefixBits, nibbleCount) {
  const max = 255 >> prefixBits;
  if (nibbleCount < max) return [prefix + nibbleCount];
  const out = [prefix + max];
  let rest = nibbleCount - (max - 1);
  while (rest >= 256) { out.push(255); rest -= 255; }
  out.push(rest - 1);
  return out;
}

function packNibbles(nibbles) {
  const odd = nibbles.length % 2;
  const out = new Uint8Array((nibbles.length + odd) / 2);
  let i = 0;
  let o = 0;
  if (odd) { out[o++] = nibbles[i++]; }
  for (; i < nibbles.length; i += 2) out[o++] = (nibbles[i] << 4) | nibbles[i + 1];
  return out;
}

function encodeValue(value) {
  return value.length >= VALUE_NODE_THRESHOLD
    ? { hashed: true, bytes: hash(value) }
    : { hashed: false, bytes: u8aConcat(compactToU8a(value.length), value) };
}

function childReference(encoded) {
  return encoded.length < HASH_LEN
    ? u8aConcat(compactToU8a(encoded.length), encoded)
    : u8aConcat(compactToU8a(HASH_LEN), hash(encoded));
}

function commonPrefix(entries, depth) {
  const first = entries[0].nibbles;
  let length = first.length - depth;
  for (const { nibbles } of entries) {
    let i = 0;
    while (i < length && depth + i < nibbles.length && nibbles[depth + i] === first[depth + i]) i++;
    length = Math.min(length, i);
  }
  return length;
}

/** The encoding of the node over `entries` (sorted by key, all sharing `depth` nibbles). */
function encodeNode(entries, depth) {
  if (entries.length === 1) {
    const { nibbles, value } = entries[0];
    const partial = nibbles.slice(depth);
    const v = encodeValue(value);
    const head = v.hashed ? header(0b0010_0000, 3, partial.length) : header(0b0100_0000, 2, partial.length);
    return u8aConcat(new Uint8Array(head), packNibbles(partial), v.bytes);
  }
  const shared = commonPrefix(entries, depth);
  const at = depth + shared;
  const partial = entries[0].nibbles.slice(depth, at);
  let rest = entries;
  let value = null;
  if (entries[0].nibbles.length === at) { value = entries[0].value; rest = entries.slice(1); }
  const groups = Array.from({ length: 16 }, () => []);
  for (const entry of rest) groups[entry.nibbles[at]].push(entry);
  let bitmap = 0;
  const children = [];
  groups.forEach((group, i) => {
    if (group.length === 0) return;
    bitmap |= 1 << i;
    children.push(childReference(encodeNode(group, at + 1)));
  });
  let head;
  let valueBytes = new Uint8Array();
  if (value === null) head = header(0b1000_0000, 2, partial.length);
  else {
    const v = encodeValue(value);
    head = v.hashed ? header(0b0001_0000, 4, partial.length) : header(0b1100_0000, 2, partial.length);
    valueBytes = v.bytes;
  }
  return u8aConcat(new Uint8Array(head), packNibbles(partial), new Uint8Array([bitmap & 0xff, bitmap >> 8]),
    valueBytes, ...children);
}

/** The state root of `entries` (`[[keyBytes, valueBytes], …]`), as `LayoutV1::trie_root`. */
export function trieRoot(entries) {
  if (entries.length === 0) return hash(new Uint8Array([0]));
  const sorted = entries
    .map(([key, value]) => ({ key, nibbles: nibblesOf(key), value }))
    .sort((a, b) => compareBytes(a.key, b.key));
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1].key, sorted[i].key) === 0) throw new Error(`key ${u8aToHex(sorted[i].key)} twice`);
  }
  return hash(encodeNode(sorted, 0));
}

function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Decodes one node; throws TrieProofError on a malformed node. */
function decodeNode(data) {
  let offset = 0;
  const take = (n) => {
    if (offset + n > data.length) throw new TrieProofError('a proof node is truncated');
    const out = data.subarray(offset, offset + n);
    offset += n;
    return out;
  };
  const compact = () => {
    let read;
    let value;
    try { [read, value] = compactFromU8a(data.subarray(offset)); } catch { throw new TrieProofError('a proof node is truncated'); }
    if (read === 0 || offset + read > data.length || value.bitLength() > 32) throw new TrieProofError('a proof node has a bad length');
    offset += read;
    return value.toNumber();
  };
  const first = take(1)[0];
  if (first === 0) return { kind: 'empty' };
  let kind;
  let prefixBits;
  let hashedValue = false;
  switch (first >> 6) {
    case 0b01: kind = 'leaf'; prefixBits = 2; break;
    case 0b10: kind = 'branch'; prefixBits = 2; break;
    case 0b11: kind = 'branchValue'; prefixBits = 2; break;
    default:
      if ((first >> 5) === 0b001) { kind = 'leaf'; prefixBits = 3; hashedValue = true; }
      else if ((first >> 4) === 0b0001) { kind = 'branchValue'; prefixBits = 4; hashedValue = true; }
      else throw new TrieProofError('a proof node has an unknown header');
  }
  const max = 255 >> prefixBits;
  let count = first & max;
  if (count === max) {
    count -= 1;
    for (;;) {
      const n = take(1)[0];
      if (n < 255) { count += n + 1; break; }
      count += 255;
    }
  }
  const packed = take(Math.ceil(count / 2));
  if (count % 2 === 1 && (packed[0] >> 4) !== 0) throw new TrieProofError('a proof node has bad padding');
  const partial = nibblesOf(packed).slice(count % 2);
  const readValue = () => (hashedValue ? { hash: take(HASH_LEN) } : { inline: take(compact()) });
  if (kind === 'leaf') return { kind, partial, value: readValue() };
  const bits = take(2);
  const bitmap = bits[0] | (bits[1] << 8);
  if (bitmap === 0) throw new TrieProofError('a proof branch has no child');
  const value = kind === 'branchValue' ? readValue() : null;
  const children = [];
  for (let i = 0; i < 16; i++) {
    if (!(bitmap & (1 << i))) { children.push(null); continue; }
    const length = compact();
    const bytes = take(length);
    children.push(length === HASH_LEN ? { hash: bytes } : { inline: bytes });
  }
  return { kind: 'branch', partial, value, children };
}

/**
 * Reads through a storage proof: `read(key)` gives the value, `null` when the proof shows the key
 * is absent, and throws TrieProofError when the proof does not reach the key; `finish()` throws
 * when a node was given twice or was needed by no read (a proof is exactly what its keys visit).
 */
export class ProvenState {
  constructor(root, nodes) {
    this.root = root;
    this.nodes = new Map();
    this.used = new Set();
    for (const node of nodes) {
      const key = u8aToHex(hash(node));
      if (this.nodes.has(key)) throw new TrieProofError(`a node is given twice (${key})`);
      this.nodes.set(key, node);
    }
  }

  lookup(hashBytes, key) {
    const id = u8aToHex(hashBytes);
    const node = this.nodes.get(id);
    if (node === undefined) {
      throw new TrieProofError(`key ${u8aToHex(key)}: the proof lacks node ${id} (it does not reach the key)`);
    }
    this.used.add(id);
    return node;
  }

  value(value, key) {
    if (value === null) return null;
    return value.inline ?? this.lookup(value.hash, key);
  }

  read(key) {
    const nibbles = nibblesOf(key);
    let position = 0;
    let node = decodeNode(this.lookup(this.root, key));
    for (;;) {
      if (node.kind === 'empty') return null;
      const end = position + node.partial.length;
      if (node.kind === 'leaf') {
        return end === nibbles.length && u8aEq(nibbles.subarray(position, end), node.partial)
          ? this.value(node.value, key) : null;
      }
      if (end > nibbles.length || !u8aEq(nibbles.subarray(position, end), node.partial)) return null;
      if (end === nibbles.length) return this.value(node.value, key);
      const child = node.children[nibbles[end]];
      if (child === null) return null;
      position = end + 1;
      node = decodeNode(child.inline ?? this.lookup(child.hash, key));
    }
  }

  finish() {
    const unused = this.nodes.size - this.used.size;
    if (unused > 0) throw new TrieProofError(`${unused} of the ${this.nodes.size} nodes are not needed for the proven keys`);
  }
}
