// Offline verification of Provenance Chain receipts (docs/RECEIPTS.md), in Node.js and browsers:
// the same checks, in the same order and with the same failure classes, as
// `provenance verify-receipt` (cli/src/receipt.rs). No node, no network: a receipt and the raw
// chain spec are enough.
//
// Upstream libraries do the work that must not be hand-rolled: SCALE (@polkadot/types), ed25519
// and BLAKE2b/xxHash (@polkadot/util-crypto). trie.js lays out Substrate trie nodes; merkle.js
// is the chain's batch tree.
import { TypeRegistry } from '@polkadot/types';
import {
  base64Decode, base64Encode, blake2AsU8a, ed25519Verify, encodeAddress, xxhashAsU8a,
} from '@polkadot/util-crypto';
import {
  compactToU8a, hexToU8a, u8aConcat, u8aEq, u8aToHex,
} from '@polkadot/util';
import { ProvenState, TrieProofError, trieRoot } from './trie.js';
import { parseStrictJson, StrictJsonError } from './strict-json.js';
import { verify as verifyMerkle } from './merkle.js';

/**
 * The ed25519 keys of the development accounts //Alice … //Ferdie: public, so a chain whose first
 * GRANDPA set is mostly these keys can have receipts forged by anyone (a test chain).
 */
export const DEVELOPMENT_KEYS = [
  '0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee',
  '0xd17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69',
  '0x439660b36c6c03afafca027b910b4fecf99801834c62a5e6006f27d978de234f',
  '0x5e639b43e0052c47447dac87d6fd2b6ec50bdd4d0f614e4299c665249bbd09d9',
  '0x1dfe3e22cc0d45c70779c1095f7489a8ef3cf52d62fbd8c2fa38c9f1723502b5',
  '0x568cb4a574c6d178feb39c27dfc8b3f789e5f5423e19c71633c748b9acf086b5',
];

/** The receipt format this code reads. */
export const RECEIPT_VERSION = 1;
/** Most records one lineage receipt proves. */
export const MAX_LINEAGE_RECORDS = 1024;
/** Most hand-offs a receipt may carry. */
export const MAX_HAND_OFFS = 100_000;

/** A receipt that does not verify: `class` is one word (the same as the CLI's), `message` says what failed. */
export class ReceiptError extends Error {
  constructor(cls, message) {
    super(`${describe(cls)}: ${message}`);
    this.class = cls;
  }
}

function describe(cls) {
  return {
    chainSpec: 'chain spec', justification: 'justification', signature: 'signature', threshold: 'threshold',
    authoritySet: 'unknown authority set', handOff: 'authority-set hand-off', stateProof: 'state proof',
    ancestry: 'justification ancestry', wrongChain: 'wrong chain', format: 'receipt format', record: 'record',
    merkle: 'merkle proof',
  }[cls] ?? cls;
}

const fail = (cls, message) => { throw new ReceiptError(cls, message); };

const registry = new TypeRegistry();
registry.register({
  ReceiptAuthorityList: 'Vec<(AuthorityId, u64)>',
  ReceiptScheduledChange: { nextAuthorities: 'ReceiptAuthorityList', delay: 'u32' },
  // sp-consensus-grandpa's ConsensusLog: its variants are numbered from 1.
  ReceiptConsensusLog: {
    _enum: {
      Unused: 'Null',
      ScheduledChange: 'ReceiptScheduledChange',
      ForcedChange: '(u32, ReceiptScheduledChange)',
      OnDisabled: 'u64',
      Pause: 'u32',
      Resume: 'u32',
    },
  },
  ReceiptLicense: {
    spdx: 'Bytes', commercialUse: 'bool', derivativesAllowed: 'bool', aiTrainingAllowed: 'bool', termsHash: 'Option<H256>',
  },
  ReceiptStatus: { _enum: ['Active', 'Retracted', 'Displaced', 'Disputed'] },
  ReceiptDerivation: {
    _enum: ['FineTune', 'Distillation', 'Merge', 'Quantization', 'Adapter', 'ContinuedPretraining', 'Other'],
  },
  ReceiptDataset: {
    owner: 'AccountId32', contentRoot: 'H256', sizeBytes: 'u64', uri: 'Bytes', license: 'ReceiptLicense',
    metadata: 'Bytes', contributors: 'Vec<(AccountId32, u32)>', previousVersion: 'Option<u64>',
    registeredAt: 'u32', status: 'ReceiptStatus', deposit: 'u128',
  },
  ReceiptModel: {
    owner: 'AccountId32', weightsRoot: 'H256', configHash: 'H256', uri: 'Bytes', license: 'ReceiptLicense',
    metadata: 'Bytes', parents: 'Vec<(u64, ReceiptDerivation)>', datasets: 'Vec<u64>', registeredAt: 'u32',
    status: 'ReceiptStatus', nonCommercialLineage: 'bool', deposit: 'u128',
  },
  ReceiptClaim: {
    modelId: 'u64', inputHash: 'H256', paramsHash: 'H256', submitter: 'AccountId32', block: 'u32', deposit: 'u128',
  },
  ReceiptBatch: {
    modelId: 'u64', root: 'H256', count: 'u64', submitter: 'AccountId32', block: 'u32', uri: 'Bytes', deposit: 'u128',
  },
});

/** SCALE-decodes `bytes` as `type`, all of them and canonically (as Rust's `decode_all`), or throws. */
function decodeExact(type, bytes) {
  const value = registry.createType(type, bytes);
  if (!u8aEq(value.toU8a(), bytes)) throw new Error(`not a canonical ${type} of ${bytes.length} bytes`);
  return value;
}

const GRANDPA_ENGINE = new Uint8Array([70, 82, 78, 75]); // "FRNK"
const ALLOWED_DIGESTS = new Set(['Other', 'Consensus', 'Seal', 'PreRuntime', 'RuntimeEnvironmentUpdated']);

function twox128(text) { return xxhashAsU8a(text, 128); }
function storageValueKey(pallet, item) { return u8aConcat(twox128(pallet), twox128(item)); }
function u32le(n) { return registry.createType('u32', n).toU8a(); }
function u64le(n) { return registry.createType('u64', BigInt(n)).toU8a(); }
function twox64Concat(key) { return u8aConcat(xxhashAsU8a(key, 64), key); }
function blake2128Concat(key) { return u8aConcat(blake2AsU8a(key, 128), key); }

/** Storage keys, as cli/src/receipt.rs writes them. */
export const keys = {
  blockHash: (n) => u8aConcat(storageValueKey('System', 'BlockHash'), twox64Concat(u32le(n))),
  timestamp: () => storageValueKey('Timestamp', 'Now'),
  authorities: () => storageValueKey('Grandpa', 'Authorities'),
  dataset: (id) => u8aConcat(storageValueKey('Datasets', 'Datasets'), twox64Concat(u64le(id))),
  model: (id) => u8aConcat(storageValueKey('Models', 'Models'), twox64Concat(u64le(id))),
  operators: (id) => u8aConcat(storageValueKey('Models', 'Operators'), twox64Concat(u64le(id))),
  claim: (outputHash, modelId) => u8aConcat(storageValueKey('Inference', 'Claims'),
    blake2128Concat(hexToU8a(outputHash)), twox64Concat(u64le(modelId))),
  batch: (id) => u8aConcat(storageValueKey('Inference', 'Batches'), twox64Concat(u64le(id))),
};

/**
 * The genesis of a raw chain spec: `{ hash, stateRoot, authorities }` (hash and root as hex,
 * authorities as `[{ id: Uint8Array, weight: bigint }]`).
 */
export function genesisFromRawSpec(spec) {
  const raw = spec?.genesis?.raw;
  if (!raw) fail('chainSpec', 'no genesis.raw: give a raw chain spec');
  const hexEntries = (object, what) => {
    if (!object || typeof object !== 'object') fail('chainSpec', `${what} is missing or not an object`);
    const hex = (text) => {
      if (!/^(0x)?([0-9a-fA-F]{2})*$/.test(text)) fail('chainSpec', `${what}: ${text.slice(0, 20)}… is not hex`);
      return hexToU8a(text.startsWith('0x') ? text : `0x${text}`);
    };
    return Object.entries(object).map(([k, v]) => {
      if (typeof v !== 'string') fail('chainSpec', `${what}[${k}] is not a string`);
      return [hex(k), hex(v)];
    });
  };
  const top = hexEntries(raw.top, 'genesis.raw.top');
  const children = isObject(raw.childrenDefault) ? raw.childrenDefault : {};
  for (const [childKey, child] of Object.entries(children)) {
    const entries = hexEntries(child, 'genesis.raw.childrenDefault');
    if (entries.length === 0) continue;
    top.push([u8aConcat(new TextEncoder().encode(':child_storage:default:'), hexToU8a(childKey)), trieRoot(entries)]);
  }
  const authoritiesKey = keys.authorities();
  const stored = top.find(([k]) => u8aEq(k, authoritiesKey));
  if (!stored) fail('chainSpec', 'no Grandpa::Authorities in the genesis');
  let authorities;
  try { authorities = authorityList(stored[1]); } catch (e) { fail('chainSpec', `Grandpa::Authorities does not decode: ${e.message}`); }
  const stateRoot = trieRoot(top);
  const emptyRoot = trieRoot([]);
  const header = u8aConcat(new Uint8Array(32), compactToU8a(0), stateRoot, emptyRoot, compactToU8a(0));
  return { hash: u8aToHex(blake2AsU8a(header, 256)), stateRoot: u8aToHex(stateRoot), authorities };
}

function authorityList(bytes) {
  return decodeExact('ReceiptAuthorityList', bytes).map(([id, weight]) => ({ id: id.toU8a(), weight: weight.toBigInt() }));
}

function decodeHeader(bytes, what) {
  let header;
  try { header = decodeExact('Header', bytes); } catch (e) { fail('format', `${what} does not decode: ${e.message}`); }
  for (const log of header.digest.logs) {
    if (!ALLOWED_DIGESTS.has(log.type)) fail('format', `${what} does not decode: digest item ${log.type}`);
  }
  return { bytes, hash: u8aToHex(blake2AsU8a(bytes, 256)), number: header.number.toNumber(), header };
}

/** The localized payload GRANDPA signs: SCALE of (Message::Precommit(target), round, set id). */
function precommitPayload(targetHash, targetNumber, round, setId) {
  return u8aConcat(new Uint8Array([1]), targetHash, u32le(targetNumber), u64le(round), u64le(setId));
}

/**
 * Checks that `justificationBytes` finalizes `header` (from decodeHeader), signed in set `setId`
 * by authorities of more than two thirds of the set's weight, every precommit signed by a member,
 * every precommit linked to the target through the ancestry and every ancestry header needed.
 * Returns the round.
 */
export function verifyJustification(header, justificationBytes, setId, authorities) {
  let justification;
  try {
    justification = decodeExact('GrandpaJustification', justificationBytes);
    for (const ancestor of justification.votesAncestries) {
      for (const log of ancestor.digest.logs) if (!ALLOWED_DIGESTS.has(log.type)) throw new Error(`digest item ${log.type}`);
    }
  } catch (e) { fail('justification', e.message); }
  const { commit } = justification;
  const targetHash = commit.targetHash.toHex();
  const targetNumber = commit.targetNumber.toNumber();
  if (targetHash !== header.hash || targetNumber !== header.number) {
    fail('justification', `it finalizes block #${targetNumber} ${targetHash}, not the header #${header.number} ${header.hash}`);
  }
  const weights = new Map(authorities.map(({ id, weight }) => [u8aToHex(id), weight]));
  let total = 0n;
  for (const { weight } of authorities) total += weight;
  if (total >= 1n << 64n) fail('authoritySet', 'the weights overflow');
  if (total === 0n) fail('authoritySet', 'the set is empty');
  const needed = total - (total - 1n) / 3n;
  const ancestry = new Map(justification.votesAncestries.map((h) => [u8aToHex(blake2AsU8a(h.toU8a(), 256)), h]));
  const round = justification.round.toBigInt();
  const supporters = new Set();
  const visited = new Set();
  const seen = new Map();
  let signed = 0n;
  commit.precommits.forEach((signedPrecommit, index) => {
    const encoded = signedPrecommit.toHex();
    if (seen.has(encoded)) fail('justification', `precommit ${index} repeats precommit ${seen.get(encoded)}`);
    seen.set(encoded, index);
    const id = signedPrecommit.id.toHex();
    const weight = weights.get(id);
    if (weight === undefined) fail('signature', `precommit ${index} is signed by a key outside the authority set`);
    const voteHash = signedPrecommit.precommit.targetHash;
    const voteNumber = signedPrecommit.precommit.targetNumber.toNumber();
    const payload = precommitPayload(voteHash.toU8a(), voteNumber, round, setId);
    let valid = false;
    try { valid = ed25519Verify(payload, signedPrecommit.signature.toU8a(), signedPrecommit.id.toU8a()); } catch { valid = false; }
    if (!valid) fail('signature', `precommit ${index} does not verify for this round and authority set`);
    if (!descends(voteHash.toHex(), header.hash, ancestry, visited)) {
      fail('ancestry', `precommit ${index} votes for block #${voteNumber} ${voteHash.toHex()}, which the ancestry does not link to the target`);
    }
    if (!supporters.has(id)) { supporters.add(id); signed += weight; }
  });
  for (const hash of ancestry.keys()) {
    if (!visited.has(hash)) fail('ancestry', `header ${hash} is in the ancestry but no precommit needs it`);
  }
  if (signed < needed) fail('threshold', `authorities of weight ${signed} of ${total} signed, ${needed} are needed`);
  return round;
}

function descends(block, ancestor, ancestry, visited) {
  for (let i = 0; i <= ancestry.size; i++) {
    // A header already walked lies on a path that reached the target.
    if (block === ancestor || visited.has(block)) return true;
    const header = ancestry.get(block);
    if (!header) return false;
    visited.add(block);
    block = header.parentHash.toHex();
  }
  return false;
}

/** The authority set a header hands over to (`null` when it signals no change). */
export function scheduledChange(header) {
  for (const log of header.header.digest.logs) {
    if (!log.isConsensus) continue;
    const [engine, data] = log.asConsensus;
    if (!u8aEq(engine.toU8a(), GRANDPA_ENGINE)) continue;
    let change;
    try { change = registry.createType('ReceiptConsensusLog', data.toU8a(true)); } catch { continue; }
    if (change.isScheduledChange) {
      const { nextAuthorities, delay } = change.asScheduledChange;
      if (delay.toNumber() !== 0) {
        fail('handOff', `block #${header.number} schedules a change with a delay of ${delay.toNumber()} blocks (this chain enacts changes at once)`);
      }
      return nextAuthorities.map(([id, weight]) => ({ id: id.toU8a(), weight: weight.toBigInt() }));
    }
    if (change.isForcedChange) fail('handOff', `block #${header.number} forces an authority-set change, which the outgoing set did not sign`);
  }
  return null;
}

// --- The receipt file -----------------------------------------------------------------------

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isU64 = (v) => Number.isSafeInteger(v) && v >= 0;
const isHash = (v) => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);

function onlyFields(object, allowed, what) {
  if (!isObject(object)) fail('format', `not a receipt: ${what} is not an object`);
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail('format', `not a receipt: unknown field \`${key}\` in ${what}`);
  }
  for (const key of allowed) if (!Object.hasOwn(object, key)) fail('format', `not a receipt: missing field \`${key}\` in ${what}`);
}

function blob(text, what) {
  if (typeof text !== 'string') fail('format', `not a receipt: ${what} is not base64`);
  let bytes;
  try { bytes = base64Decode(text); } catch { fail('format', `not a receipt: ${what} is not base64`); }
  if (base64Encode(bytes) !== text) fail('format', `not a receipt: ${what} is not canonical base64`);
  return bytes;
}

/** Parses a receipt (its JSON text or the parsed object), checking its shape as the CLI does. */
export function parseReceipt(input) {
  let receipt = input;
  if (typeof input === 'string') {
    try {
      receipt = parseStrictJson(input, (path) => path[0] === 'proven');
    } catch (e) {
      if (e instanceof StrictJsonError) fail('format', `not a receipt: ${e.message}`);
      throw e;
    }
  }
  onlyFields(receipt, ['version', 'genesisHash', 'subject', 'finality', 'stateProof', 'proven'], 'the receipt');
  if (!isU64(receipt.version)) fail('format', 'not a receipt: version is not a number');
  if (!isHash(receipt.genesisHash)) fail('format', 'not a receipt: genesisHash is not a hash');
  const { subject } = receipt;
  const shapes = {
    dataset: ['kind', 'id'],
    model: ['kind', 'id', 'withLineage'],
    inference: ['kind', 'outputHash', 'modelId'],
    batchRecord: ['kind', 'batchId', 'record', 'proof'],
  };
  if (!isObject(subject) || typeof subject.kind !== 'string' || !Object.hasOwn(shapes, subject.kind)) {
    fail('format', 'not a receipt: unknown subject kind');
  }
  onlyFields(subject, shapes[subject.kind], 'the subject');
  const badSubject = (field) => fail('format', `not a receipt: subject.${field} is malformed`);
  for (const field of ['id', 'modelId', 'batchId']) if (field in subject && !isU64(subject[field])) badSubject(field);
  if ('withLineage' in subject && typeof subject.withLineage !== 'boolean') badSubject('withLineage');
  if ('outputHash' in subject && !isHash(subject.outputHash)) badSubject('outputHash');
  if (subject.kind === 'batchRecord') {
    const { record, proof } = subject;
    onlyFields(record, ['modelId', 'inputHash', 'outputHash', 'paramsHash'], 'subject.record');
    onlyFields(proof, ['leafIndex', 'siblings'], 'subject.proof');
    if (!isU64(record.modelId) || !['inputHash', 'outputHash', 'paramsHash'].every((f) => isHash(record[f]))) badSubject('record');
    if (!isU64(proof.leafIndex) || !Array.isArray(proof.siblings) || !proof.siblings.every(isHash)) badSubject('proof');
  }
  onlyFields(receipt.finality, ['handOffs', 'header', 'justification'], 'finality');
  if (!Array.isArray(receipt.finality.handOffs)) fail('format', 'not a receipt: finality.handOffs is not a list');
  const handOffs = receipt.finality.handOffs.map((h, i) => {
    onlyFields(h, ['header', 'justification'], `hand-off ${i}`);
    return { header: blob(h.header, `hand-off ${i} header`), justification: blob(h.justification, `hand-off ${i} justification`) };
  });
  if (!Array.isArray(receipt.stateProof)) fail('format', 'not a receipt: stateProof is not a list');
  const parsed = {
    version: receipt.version,
    genesisHash: receipt.genesisHash.toLowerCase(),
    subject,
    finality: {
      handOffs,
      header: blob(receipt.finality.header, 'finality.header'),
      justification: blob(receipt.finality.justification, 'finality.justification'),
    },
    stateProof: receipt.stateProof.map((n, i) => blob(n, `stateProof[${i}]`)),
    proven: receipt.proven,
  };
  if (parsed.version !== RECEIPT_VERSION) {
    fail('format', `version ${parsed.version} is not supported (this verifier reads version ${RECEIPT_VERSION})`);
  }
  return parsed;
}

// --- Records, in the node's RPC JSON shapes ---------------------------------------------------

const account = (a) => encodeAddress(a.toU8a(), 42);
// Strict UTF-8 that keeps a leading byte-order mark, as Rust's `str::from_utf8`.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function textOrHex(bytes) {
  const u8a = bytes.toU8a(true);
  try { return utf8.decode(u8a); } catch { return u8aToHex(u8a); }
}
const lower = (status) => status.type.toLowerCase();
const camel = (name) => name[0].toLowerCase() + name.slice(1);
function percent(parts) {
  const whole = Math.floor(parts / 10_000_000);
  const fraction = String(parts % 10_000_000).padStart(7, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
function license(l) {
  return {
    spdx: textOrHex(l.spdx),
    commercialUse: l.commercialUse.isTrue,
    derivativesAllowed: l.derivativesAllowed.isTrue,
    aiTrainingAllowed: l.aiTrainingAllowed.isTrue,
    termsHash: l.termsHash.isSome ? l.termsHash.unwrap().toHex() : null,
  };
}
const num = (n) => Number(n.toBigInt());

function decodeRecord(type, bytes, what) {
  try { return decodeExact(type, bytes); } catch (e) { return fail('record', `${what} does not decode: ${e.message}`); }
}

function readDataset(state, id, namedBy) {
  const value = state.read(keys.dataset(id));
  if (value === null) fail('record', namedBy === undefined ? `dataset ${id} is not in the state` : `dataset ${id}, named by model ${namedBy}, is not in the state`);
  const d = decodeRecord('ReceiptDataset', value, `dataset ${id}`);
  return {
    id,
    owner: account(d.owner),
    contentRoot: d.contentRoot.toHex(),
    sizeBytes: num(d.sizeBytes),
    uri: textOrHex(d.uri),
    license: license(d.license),
    metadata: textOrHex(d.metadata),
    contributors: d.contributors.map(([who, parts]) => ({ account: account(who), share: { perbill: parts.toNumber(), percent: percent(parts.toNumber()) } })),
    previousVersion: d.previousVersion.isSome ? num(d.previousVersion.unwrap()) : null,
    registeredAt: d.registeredAt.toNumber(),
    status: lower(d.status),
  };
}

function readModel(state, id, namedBy) {
  const value = state.read(keys.model(id));
  if (value === null) fail('record', namedBy === undefined ? `model ${id} is not in the state` : `model ${id}, a parent of model ${namedBy}, is not in the state`);
  const m = decodeRecord('ReceiptModel', value, `model ${id}`);
  const operatorsValue = state.read(keys.operators(id));
  const operators = operatorsValue === null ? [] : decodeRecord('Vec<AccountId32>', operatorsValue, `the operators of model ${id}`).map(account);
  return {
    id,
    owner: account(m.owner),
    weightsRoot: m.weightsRoot.toHex(),
    configHash: m.configHash.toHex(),
    uri: textOrHex(m.uri),
    license: license(m.license),
    metadata: textOrHex(m.metadata),
    parents: m.parents.map(([parent, derivation]) => ({ id: num(parent), derivation: camel(derivation.type) })),
    datasets: m.datasets.map(num),
    operators,
    registeredAt: m.registeredAt.toNumber(),
    status: lower(m.status),
  };
}

function readRecords(subject, state) {
  const records = { datasets: [], models: [], inference: null, batch: null, leafIndex: null };
  switch (subject.kind) {
    case 'dataset':
      records.datasets.push(readDataset(state, subject.id));
      break;
    case 'model':
      if (!subject.withLineage) { records.models.push(readModel(state, subject.id)); break; }
      {
        const models = new Map();
        const datasets = new Map();
        const queue = [[subject.id, undefined]];
        while (queue.length > 0) {
          const [id, namedBy] = queue.shift();
          if (models.has(id)) continue;
          if (models.size + datasets.size >= MAX_LINEAGE_RECORDS) fail('record', `the lineage has more than ${MAX_LINEAGE_RECORDS} records`);
          const model = readModel(state, id, namedBy);
          for (const parent of model.parents) queue.push([parent.id, id]);
          for (const dataset of model.datasets) {
            if (!datasets.has(dataset)) datasets.set(dataset, readDataset(state, dataset, id));
          }
          models.set(id, model);
        }
        records.models = [...models.values()].sort((a, b) => a.id - b.id);
        records.datasets = [...datasets.values()].sort((a, b) => a.id - b.id);
      }
      break;
    case 'inference': {
      const value = state.read(keys.claim(subject.outputHash, subject.modelId));
      if (value === null) fail('record', `no claim of model ${subject.modelId} to output ${subject.outputHash.toLowerCase()} in the state`);
      const c = decodeRecord('ReceiptClaim', value, 'the claim');
      if (num(c.modelId) !== subject.modelId) fail('record', `the claim stored under model ${subject.modelId} names model ${num(c.modelId)}`);
      records.inference = {
        modelId: num(c.modelId),
        inputHash: c.inputHash.toHex(),
        outputHash: subject.outputHash.toLowerCase(),
        paramsHash: c.paramsHash.toHex(),
        submitter: account(c.submitter),
        block: c.block.toNumber(),
      };
      break;
    }
    case 'batchRecord': {
      const value = state.read(keys.batch(subject.batchId));
      if (value === null) fail('record', `no batch ${subject.batchId} in the state`);
      const b = decodeRecord('ReceiptBatch', value, 'the batch');
      const { record, proof } = subject;
      if (record.modelId !== num(b.modelId)) fail('merkle', `the record is of model ${record.modelId}, batch ${subject.batchId} of model ${num(b.modelId)}`);
      if (!verifyMerkle(b.root.toHex(), b.count.toBigInt(), record, proof)) {
        fail('merkle', `the record at leaf index ${proof.leafIndex} does not lead to batch ${subject.batchId}'s root ${b.root.toHex()} (${b.count} records)`);
      }
      records.leafIndex = proof.leafIndex;
      records.batch = {
        id: subject.batchId,
        modelId: num(b.modelId),
        root: b.root.toHex(),
        count: num(b.count),
        submitter: account(b.submitter),
        block: b.block.toNumber(),
        uri: textOrHex(b.uri),
      };
      break;
    }
    default:
      fail('format', 'unknown subject kind');
  }
  return records;
}

function statement(records, number, hash, timestamp, setId) {
  const lines = [];
  for (const m of records.models) lines.push(`model ${m.id} owned by ${m.owner} with weights root ${m.weightsRoot} (${m.status})`);
  for (const d of records.datasets) lines.push(`dataset ${d.id} owned by ${d.owner} with root ${d.contentRoot} (${d.status})`);
  const i = records.inference;
  if (i) lines.push(`output ${i.outputHash} claimed by model ${i.modelId} (input ${i.inputHash}, logged by ${i.submitter} at block #${i.block})`);
  const b = records.batch;
  if (b) lines.push(`record ${records.leafIndex} of batch ${b.id} (model ${b.modelId}, root ${b.root}, ${b.count} records, anchored by ${b.submitter} at block #${b.block})`);
  return `${lines.join(';\n')}\nwas in the finalized state of block #${number} ${hash} at ${new Date(timestamp).toISOString()} (authority set ${setId})`;
}

/** Whether the public development keys hold enough of `authorities`' weight to finalize. */
function developmentKeys(authorities) {
  let total = 0n;
  let known = 0n;
  for (const { id, weight } of authorities) {
    total += weight;
    if (DEVELOPMENT_KEYS.includes(u8aToHex(id))) known += weight;
  }
  return total > 0n && known >= total - (total - 1n) / 3n;
}

function firstDifference(given, computed, path) {
  if (isObject(given) && isObject(computed)) {
    const names = [...new Set([...Object.keys(given), ...Object.keys(computed)])].sort();
    for (const name of names) {
      if (!Object.hasOwn(given, name) || !Object.hasOwn(computed, name)) return `${path}.${name}`;
      const d = firstDifference(given[name], computed[name], `${path}.${name}`);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(given) && Array.isArray(computed) && given.length === computed.length) {
    for (let i = 0; i < given.length; i++) {
      const d = firstDifference(given[i], computed[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (given === computed) return null;
  return path === '' ? 'the top level' : `proven${path}`;
}

function withStateErrors(fn) {
  try { return fn(); } catch (e) {
    if (e instanceof TrieProofError) fail('stateProof', e.message);
    throw e;
  }
}

/**
 * Verifies a receipt (JSON text or object) against a raw chain spec (object), offline. Returns
 * `{ blockNumber, blockHash, timestampMs, setId, proven, statement, developmentKeys }` (developmentKeys:
 * the chain's first authority set is the public development keys, so anyone can forge its receipts); throws a ReceiptError whose
 * `class` says what failed (`signature`, `threshold`, `authoritySet`, `handOff`, `stateProof`,
 * `merkle`, `wrongChain`, `format`, `record`, `justification`, `ancestry`, `chainSpec`).
 */
export function verifyReceipt(input, spec) {
  const receipt = parseReceipt(input);
  const genesis = genesisFromRawSpec(spec);
  if (receipt.genesisHash !== genesis.hash) {
    fail('wrongChain', `the receipt is for the chain with genesis ${receipt.genesisHash}, the chain spec's genesis is ${genesis.hash}`);
  }
  if (receipt.finality.handOffs.length > MAX_HAND_OFFS) fail('format', `more than ${MAX_HAND_OFFS} hand-offs`);
  let authorities = genesis.authorities;
  let setId = 0n;
  let last = null;
  receipt.finality.handOffs.forEach((handOff, index) => {
    const header = decodeHeader(handOff.header, `hand-off ${index}: header`);
    if (last !== null && header.number <= last) fail('handOff', `hand-off ${index} (block #${header.number}) is not after the previous one`);
    try {
      verifyJustification(header, handOff.justification, setId, authorities);
    } catch (e) {
      if (e instanceof ReceiptError && ['justification', 'ancestry', 'authoritySet'].includes(e.class)) {
        e.message = `${e.message} (hand-off ${index}, authority set ${setId})`;
      }
      throw e;
    }
    const next = scheduledChange(header);
    if (next === null) fail('handOff', `hand-off ${index} (block #${header.number}) names no next authority set`);
    authorities = next;
    setId += 1n;
    last = header.number;
  });
  const anchor = decodeHeader(receipt.finality.header, 'anchor header');
  if (last !== null && anchor.number <= last) fail('handOff', `the anchor block #${anchor.number} is not after the last hand-off`);
  verifyJustification(anchor, receipt.finality.justification, setId, authorities);

  return withStateErrors(() => {
    const state = new ProvenState(anchor.header.stateRoot.toU8a(), receipt.stateProof);
    const genesisValue = state.read(keys.blockHash(0));
    if (genesisValue === null) fail('record', 'System::BlockHash(0) is absent');
    if (u8aToHex(genesisValue) !== genesis.hash) {
      fail('wrongChain', `the anchor block's state says genesis ${u8aToHex(genesisValue)}, the chain spec's is ${genesis.hash}`);
    }
    const now = state.read(keys.timestamp());
    if (now === null) fail('record', 'Timestamp::Now is absent');
    const timestamp = num(decodeRecord('u64', now, 'Timestamp::Now'));
    const records = readRecords(receipt.subject, state);
    state.finish();
    const setIdNumber = Number(setId);
    const proven = {
      block: { number: anchor.number, hash: anchor.hash, timestamp, authoritySetId: setIdNumber },
      datasets: records.datasets,
      models: records.models,
      inference: records.inference,
      batch: records.batch,
    };
    const difference = firstDifference(receipt.proven, proven, '');
    if (difference) fail('record', `the receipt's copy (proven) differs from what the proof proves at ${difference}`);
    return {
      blockNumber: anchor.number,
      blockHash: anchor.hash,
      timestampMs: timestamp,
      setId: setIdNumber,
      proven,
      statement: statement(records, anchor.number, anchor.hash, timestamp, setIdNumber),
      developmentKeys: developmentKeys(genesis.authorities),
    };
  });
}
