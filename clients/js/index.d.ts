// Types of @provenance-chain/client (the package is plain ES modules; these declarations describe
// every export). The node's JSON views are in views.d.ts.
import type { DefinitionsCall, DefinitionRpc } from '@polkadot/types/types';

export * from './views.js';

/** Custom RPC definitions for `ApiPromise.create({ rpc })`: `api.rpc.provenance.*`, `api.rpc.royalties.*` (answers are `Json` codecs). */
export const rpc: Record<'provenance' | 'royalties', Record<string, DefinitionRpc>>;

export interface LicenseArg {
  spdx?: string; commercialUse?: boolean; derivativesAllowed?: boolean; aiTrainingAllowed?: boolean; termsHash?: string | null;
}
/** A licence object for `register` calls (permissive unless overridden). */
export function license(overrides?: LicenseArg): Required<LicenseArg>;
/** `[account, perbill]` pairs from `{ address: percent }`. */
export function shares(byAddress: Record<string, number>): [string, number][];
/** A field of the first `section.method` event of a finalized result. */
export function eventField(events: unknown[], section: string, method: string, field: string): unknown;

// Merkle batches (merkle.js; docs/HASHING.md)
export interface InferenceRecord { modelId: number | bigint | string; inputHash: string; outputHash: string; paramsHash: string }
export interface InclusionProof { leafIndex: number | bigint | string; siblings: string[] }
/** blake2_256(SCALE(record)). */
export function leafHash(record: InferenceRecord): Uint8Array;
/** blake2_256(SCALE((count: u64, treeRoot))) as hex. */
export function anchoredRoot(count: number | bigint | string, treeRootHex: string): string;
/** Siblings on the path from leaf `index` in a tree of `count` leaves, or null when out of range. */
export function pathLen(index: number | bigint, count: number | bigint): number | null;
/** Whether a leaf value is in the batch anchored with `root` and `count` (never throws). */
export function verifyLeaf(root: string, count: number | bigint | string, leaf: string | Uint8Array, proof: InclusionProof): boolean;
/** Whether a record is in the batch anchored with `root` and `count` (never throws). */
export function verify(root: string, count: number | bigint | string, record: InferenceRecord, proof: InclusionProof): boolean;
/** A whole tree over records (in submission order). */
export class MerkleTree {
  constructor(records: InferenceRecord[]);
  readonly length: number;
  /** The tree root (hex), without the count. */
  treeRoot(): string;
  /** The anchored root (hex): what `Inference.anchor_batch` takes. */
  root(): string;
  /** The proof of leaf `index`. */
  proof(index: number): InclusionProof;
}

// Content roots (content.js; hashing v2)
/** SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): Uint8Array;
/** An incremental SHA-256 for files read in chunks. */
export function sha256Stream(): { update(bytes: Uint8Array): unknown; digest(): Uint8Array };
/** One file's leaf value: blake2_256(SCALE((path, sha256))). */
export function contentLeaf(path: string, sha256: string | Uint8Array): Uint8Array;
/** The content root (hex) of `[{ path, sha256 }]` (paths `/`-separated below the root). */
export function contentRoot(files: { path: string; sha256: string | Uint8Array }[]): string;
/** Whether SPEC's default exclusions leave out this entry. */
export function isExcludedByDefault(relativePath: string, isDir: boolean): boolean;
/** Whether a file at this path counts (neither it nor a folder above it is excluded). */
export function keepFile(relativePath: string): boolean;

// Receipts (receipt.js, trie.js; docs/RECEIPTS.md)
export const RECEIPT_VERSION: 1;
/** Why a receipt does not verify: `class` is one word, the same as `provenance verify-receipt --json`'s. */
export class ReceiptError extends Error {
  readonly class:
    | 'chainSpec' | 'justification' | 'signature' | 'threshold' | 'authoritySet' | 'handOff'
    | 'stateProof' | 'ancestry' | 'wrongChain' | 'format' | 'record' | 'merkle';
}
export interface ProvenBlock { number: number; hash: string; timestamp: number; authoritySetId: number }
export interface Proven {
  block: ProvenBlock;
  datasets: import('./views.js').DatasetView[];
  models: import('./views.js').ModelView[];
  inference: import('./views.js').InferenceView | null;
  batch: import('./views.js').BatchView | null;
}
export interface VerifiedReceipt {
  blockNumber: number; blockHash: string; timestampMs: number; setId: number; proven: Proven; statement: string;
  /** True when the chain's first GRANDPA set is the public development keys (//Alice…): anyone can forge its receipts. */
  developmentKeys: boolean;
}
/** The ed25519 public keys of //Alice … //Ferdie (hex). */
export const DEVELOPMENT_KEYS: string[];
/** Verifies a receipt (text or parsed JSON) offline against a raw chain spec; throws ReceiptError. */
export function verifyReceipt(receipt: string | object, rawChainSpec: object): VerifiedReceipt;
/** Parses and shape-checks a receipt; throws ReceiptError (class `format`). */
export function parseReceipt(receipt: string | object): object;
/** The genesis hash, state root and GRANDPA authorities of a raw chain spec. */
export function genesisFromRawSpec(spec: object): { hash: string; stateRoot: string; authorities: { id: Uint8Array; weight: bigint }[] };
/** Checks a GRANDPA justification of a decoded header against an authority set; returns the round. */
export function verifyJustification(header: object, justification: Uint8Array, setId: bigint, authorities: { id: Uint8Array; weight: bigint }[]): bigint;
/** The authority set a decoded header hands over to, or null. */
export function scheduledChange(header: object): { id: Uint8Array; weight: bigint }[] | null;
/** The state root of key-value pairs (sp-trie LayoutV1). */
export function trieRoot(entries: [Uint8Array, Uint8Array][]): Uint8Array;
/** Reads through a storage proof against a state root. */
export class ProvenState {
  constructor(root: Uint8Array, nodes: Uint8Array[]);
  read(key: Uint8Array): Uint8Array | null;
  finish(): void;
}
export class TrieProofError extends Error {}
