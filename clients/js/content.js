// Content roots of datasets and model weights (SPEC "Hashing conventions", hashing v2), exactly
// as primitives/src/content.rs and `provenance hash` compute them (docs/HASHING.md).
//
// A leaf per file is blake2_256(SCALE((relativePath bytes, sha256))); leaves sorted by path bytes;
// the root is the binary-merkle-tree root over them. Which files count is decided by the walker:
// `isExcludedByDefault` is the SPEC's exclusion list, shared with the CLI through the test vectors.
import { blake2AsU8a } from '@polkadot/util-crypto';
import { compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { sha256 as nobleSha256 } from '@noble/hashes/sha256';

const h = (bytes) => blake2AsU8a(bytes, 256);

function digest32(value, what) {
  const bytes = typeof value === 'string' ? hexToU8a(value.startsWith('0x') ? value : `0x${value}`) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new TypeError(`${what} is not 32 bytes`);
  return bytes;
}

/** SHA-256 of bytes (one shot). */
export function sha256(bytes) {
  return nobleSha256(bytes);
}

/** An incremental SHA-256 (`update(bytes)`, `digest()`), for files read in chunks (browser streams). */
export function sha256Stream() {
  return nobleSha256.create();
}

/** The leaf value of one file: blake2_256(SCALE((path: Vec<u8>, sha256: [u8; 32]))). */
export function contentLeaf(path, sha) {
  const pathBytes = stringToU8a(path);
  return h(u8aConcat(compactToU8a(pathBytes.length), pathBytes, digest32(sha, `sha256 of ${path}`)));
}

function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * The content root (0x hex) of `[{ path, sha256 }]` (`sha256` as hex or 32 bytes; paths
 * `/`-separated below the root, any order). Throws on an empty list or a repeated path.
 */
export function contentRoot(files) {
  if (!files.length) throw new RangeError('an empty directory has no content root');
  const sorted = files
    .map((f) => ({ key: stringToU8a(f.path), leaf: contentLeaf(f.path, f.sha256) }))
    .sort((a, b) => compareBytes(a.key, b.key));
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1].key, sorted[i].key) === 0) throw new RangeError('a path appears twice');
  }
  let layer = sorted.map((s) => h(s.leaf));
  while (layer.length > 1) {
    const next = [];
    for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? h(u8aConcat(layer[i], layer[i + 1])) : layer[i]);
    layer = next;
  }
  return u8aToHex(layer[0]);
}

/**
 * Whether SPEC's default exclusions leave out the entry at `relativePath` (`/`-separated, below
 * the root): `.git`, `.hg`, `.svn` directories at any depth; directly under the root `.github/`,
 * `.gitattributes`, `.gitignore` and `.cache/huggingface/`; files named `.DS_Store`.
 */
export function isExcludedByDefault(relativePath, isDir) {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  if (isDir) return ['.git', '.hg', '.svn'].includes(name) || ['.github', '.cache/huggingface'].includes(relativePath);
  return name === '.DS_Store' || ['.gitattributes', '.gitignore'].includes(relativePath);
}

/**
 * Applies the default exclusions to a flat list of file paths (as a browser folder drop gives
 * them): a file is left out when it or any directory above it is excluded.
 */
export function keepFile(relativePath) {
  const parts = relativePath.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (isExcludedByDefault(parts.slice(0, i).join('/'), true)) return false;
  }
  return !isExcludedByDefault(relativePath, false);
}
