#!/usr/bin/env node
// Writes the extrinsic weights table, docs/generated/weights.md, from the generated weight files
// (issue #8): every provenance call's ref_time at its smallest and largest components, its database
// reads/writes and proof size at the largest, and how many fit in one block, counting what every
// signed extrinsic pays on top of its call: the base extrinsic weight (`benchmark overhead`) and the
// transaction extensions (`frame_system_extensions`, `pallet_transaction_payment`), all benchmarked
// on this machine by scripts/benchmark.sh. Run after scripts/benchmark.sh:
//
//   node scripts/weights-table.mjs            # rewrite the section between the markers
//   node scripts/weights-table.mjs --print    # print only
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => readFileSync(join(root, p), 'utf8');
const num = (s) => Number(s.replaceAll('_', ''));

// The runtime's DbWeight: ParityDB read/write costs measured by `benchmark storage`.
const dbText = readFileSync(join(root, 'runtime/src/weights/paritydb_weights.rs'), 'utf8');
const dbCost = (kind) => Number(dbText.match(new RegExp(`${kind}: ([\\d_]+) \\* constants::WEIGHT_REF_TIME_PER_NANOS`))[1].replaceAll('_', '')) * 1000;
const DB = { read: dbCost('read'), write: dbCost('write') };
// The normal class may use 75 % of 2 s (runtime/src/configs.rs).
const NORMAL_MAX = 0.75 * 2e12;

/** Parses the weight functions of the impl whose header matches `implRe` in a generated file. */
function parseWeights(path, implRe) {
  const text = read(path);
  const start = text.search(implRe);
  if (start < 0) throw new Error(`${path}: no impl matching ${implRe}`);
  const body = text.slice(start);
  const fns = {};
  // Comments (storage, component ranges) precede each fn.
  const re = /((?:\t\/\/\/[^\n]*\n)*)\tfn ([a-z_0-9]+)\(([^)]*)\)\s*->\s*Weight\s*\{([\s\S]*?)\n\t\}/g;
  let m;
  while ((m = re.exec(body))) {
    const [, comments, name, args, fnBody] = m;
    if (fns[name]) break; // the `()` impl that follows, if any
    const ranges = {};
    for (const r of comments.matchAll(/component `([a-z]+)` is `\[(\d+), (\d+)\]`/g)) ranges[r[1]] = [Number(r[2]), Number(r[3])];
    const base = fnBody.match(/Weight::from_parts\(([\d_]+), ([\d_]+)\)/);
    const w = { name, components: args.split(',').map((a) => a.trim().replace(/^_/, '').split(':')[0]).filter(Boolean), ranges,
      refTime: num(base[1]), proof: num(base[2]), slopes: {}, proofSlopes: {}, reads: 0, writes: 0, readSlopes: {}, writeSlopes: {} };
    for (const s of fnBody.matchAll(/Weight::from_parts\(([\d_]+), 0\)\.saturating_mul\(([a-z]+)\.into\(\)\)/g)) w.slopes[s[2]] = num(s[1]);
    for (const s of fnBody.matchAll(/Weight::from_parts\(0, ([\d_]+)\)\.saturating_mul\(([a-z]+)\.into\(\)\)/g)) w.proofSlopes[s[2]] = num(s[1]);
    for (const s of fnBody.matchAll(/\.saturating_add\(Weight::from_parts\(0, ([\d_]+)\)\)/g)) w.proof += num(s[1]);
    for (const s of fnBody.matchAll(/\.(reads|writes)\(([\d_]+)(?:_u64)?\)\)/g)) w[s[1]] += num(s[2]);
    for (const s of fnBody.matchAll(/\.(reads|writes)\(\(([\d_]+)_u64\)\.saturating_mul\(([a-z]+)\.into\(\)\)\)/g)) w[s[1] === 'reads' ? 'readSlopes' : 'writeSlopes'][s[3]] = num(s[2]);
    fns[name] = w;
  }
  return fns;
}

/** ref_time (ps), reads, writes and proof size of `w` with every component at `pick(range)`. */
function evaluate(w, pick) {
  let refTime = w.refTime, reads = w.reads, writes = w.writes, proof = w.proof;
  for (const c of w.components) {
    const v = w.ranges[c] ? pick(w.ranges[c]) : 0;
    refTime += (w.slopes[c] || 0) * v;
    reads += (w.readSlopes[c] || 0) * v;
    writes += (w.writeSlopes[c] || 0) * v;
    proof += (w.proofSlopes[c] || 0) * v;
  }
  return { refTime, reads, writes, proof, total: refTime + reads * DB.read + writes * DB.write };
}

const constWeight = (path, name) => {
  const m = read(path).match(new RegExp(`${name}: Weight =\\s*Weight::from_parts\\(WEIGHT_REF_TIME_PER_NANOS\\.saturating_mul\\(([\\d_]+)\\)`));
  if (!m) throw new Error(`${path}: ${name} not found`);
  return num(m[1]) * 1000;
};

const baseExtrinsic = constWeight('runtime/src/weights/extrinsic_weights.rs', 'ExtrinsicBaseWeight');
const ext = parseWeights('runtime/src/weights/frame_system_extensions.rs', /impl<T: frame_system::Config> frame_system::ExtensionsWeightInfo for WeightInfo<T>/);
const payment = parseWeights('runtime/src/weights/pallet_transaction_payment.rs', /impl<T: frame_system::Config> pallet_transaction_payment::WeightInfo for WeightInfo<T>/);
// The runtime's extensions in order (runtime/src/lib.rs `TxExtension`); a signed extrinsic is
// mortal; `CheckMetadataHash` weighs nothing.
const extensionParts = [
  ['CheckNonZeroSender', ext.check_non_zero_sender], ['CheckSpecVersion', ext.check_spec_version],
  ['CheckTxVersion', ext.check_tx_version], ['CheckGenesis', ext.check_genesis],
  ['CheckMortality', ext.check_mortality_mortal_transaction], ['CheckNonce', ext.check_nonce],
  ['CheckWeight', ext.check_weight], ['ChargeTransactionPayment', payment.charge_transaction_payment],
  ['WeightReclaim', ext.weight_reclaim],
].map(([label, w]) => [label, evaluate(w, (r) => r[1]).total]);
const extensions = extensionParts.reduce((a, [, t]) => a + t, 0);
// The runtime charges the overhead net of the extensions' weights for the extrinsic `benchmark
// overhead` measures, an immortal signed remark (runtime/src/weights/mod.rs
// `ExtrinsicBaseWeightNetOfExtensions`), so that the extensions are not counted twice.
const mortalityTotal = (w) => evaluate(w, (r) => r[1]).total;
const overheadExtensions = extensions - mortalityTotal(ext.check_mortality_mortal_transaction) +
  mortalityTotal(ext.check_mortality_immortal_transaction);
const netBase = Math.max(baseExtrinsic - overheadExtensions, 0);
const perExtrinsic = netBase + extensions;

const us = (ps) => (ps / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const rows = [];
for (const pallet of ['datasets', 'models', 'inference', 'royalties', 'disputes']) {
  const fns = parseWeights(`pallets/${pallet}/src/weights.rs`, /impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T>/);
  for (const w of Object.values(fns)) {
    const lo = evaluate(w, (r) => r[0]);
    const hi = evaluate(w, (r) => r[1]);
    const comps = w.components.map((c) => `${c} ${w.ranges[c] ? w.ranges[c].join('–') : '?'}`).join(', ') || '—';
    const slopes = w.components.filter((c) => w.slopes[c]).map((c) => `${c}: ${(w.slopes[c] / 1e6).toPrecision(3)}`).join(', ') || '—';
    const fit = (t) => Math.floor(NORMAL_MAX / (t + perExtrinsic)).toLocaleString('en-US');
    rows.push(`| ${pallet} | ${w.name} | ${comps} | ${us(w.refTime)} | ${slopes} | ${us(lo.total)} | ${us(hi.total)} | ${hi.reads}/${hi.writes} | ${hi.proof.toLocaleString('en-US')} | ${fit(lo.total)} | ${fit(hi.total)} |`);
  }
}
// Royalties.pay is charged for its bound and refunded (pallets/royalties: `pay_weight`): `pay(v)`
// plus the `pay_shares` slope for every share beyond one per visit.
const royalties = parseWeights('pallets/royalties/src/weights.rs', /impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T>/);
const payWeight = (v, shares) => {
  const at = (w, n) => evaluate(w, () => n).total;
  return at(royalties.pay, v) + at(royalties.pay_shares, Math.max(shares - v, 0) + 1) - at(royalties.pay_shares, 1);
};
const maxVisited = royalties.pay.ranges.v[1];
const maxBeneficiaries = royalties.pay_shares.ranges.s[1];
const payBound = payWeight(maxVisited, maxVisited * maxBeneficiaries);

const transfer = evaluate(parseWeights('runtime/src/weights/pallet_balances.rs', /impl<T: frame_system::Config> pallet_balances::WeightInfo for WeightInfo<T>/).transfer_keep_alive, (r) => r[1]);

const header = (read('pallets/datasets/src/weights.rs').match(/STEPS: `(\d+)`, REPEAT: `(\d+)`/) || []).slice(1);
const date = (read('pallets/datasets/src/weights.rs').match(/on (\d{4}-\d{2}-\d{2})/) || [])[1];
const body = [
  `Weights generated ${date ?? ''} by \`scripts/benchmark.sh\` (STEPS ${header[0]}, REPEAT ${header[1]}, compiled wasm) on this machine; this table by \`node scripts/weights-table.mjs\`. Times in µs of ref_time; a DB read counts ${DB.read / 1e6} µs and a write ${DB.write / 1e6} µs (ParityDB on this machine, \`benchmark storage\`).`,
  '',
  `Every signed extrinsic also pays **${us(perExtrinsic)} µs** before its call: the transaction extensions ${us(extensions)} µs (${extensionParts.map(([l, t]) => `${l} ${us(t)}`).join(', ')}) and the base extrinsic weight ${us(netBase)} µs: \`benchmark overhead\` measured ${us(baseExtrinsic)} µs for a signed no-op extrinsic in a full block (signature check and extensions included), less the ${us(overheadExtensions)} µs its extensions already charge (never below zero; polkadot-sdk issue #9981). For comparison, \`Balances.transfer_keep_alive\` weighs ${us(transfer.total)} µs (call) + ${us(perExtrinsic)} = ${us(transfer.total + perExtrinsic)} µs: ${Math.floor(NORMAL_MAX / (transfer.total + perExtrinsic)).toLocaleString('en-US')} per block.`,
  '',
  `\`Royalties.pay\` is charged up front for its bound, ${maxVisited} visits crediting ${maxBeneficiaries} shares each: **${(payBound / 1e9).toFixed(1)} ms** (\`pay(v)\` plus the \`pay_shares\` slope for every share beyond one per visit), then refunded to the visits and shares the payment made — e.g. 5 visits with one beneficiary each: ${us(payWeight(5, 5))} µs; 5 visits with 64 beneficiaries each: ${us(payWeight(5, 320))} µs. A block admits a payment while ${(payBound / 1e9).toFixed(1)} ms of normal weight is left.`,
  '',
  'The "per block" columns divide the normal-class budget (75 % of 2 s = 1,500 ms) by the call weight plus the per-extrinsic part, at the smallest and at the largest components.',
  '',
  '| pallet | call | components (range) | base ref_time | per unit of component | total, smallest | total, largest | DB reads/writes, largest | proof size, largest (B) | per block, smallest | per block, largest |',
  '|---|---|---|--:|---|--:|--:|--:|--:|--:|--:|',
  ...rows,
].join('\n');

if (process.argv.includes('--print')) {
  console.log(body);
} else {
  const file = join(root, 'docs/generated/weights.md');
  const begin = '<!-- weights:begin — generated by scripts/weights-table.mjs -->';
  const end = '<!-- weights:end -->';
  let doc = readFileSync(file, 'utf8');
  const i = doc.indexOf('<!-- weights:begin');
  const j = doc.indexOf(end);
  if (i < 0 || j < 0) throw new Error('docs/generated/weights.md: weights markers missing');
  doc = `${doc.slice(0, i)}${begin}\n${body}\n${doc.slice(j)}`;
  writeFileSync(file, doc);
  console.log('weights table written to docs/generated/weights.md');
}
