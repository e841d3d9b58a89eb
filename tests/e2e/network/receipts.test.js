// Portable receipts on a real validator network: the four `--chain local` validators of
// scripts/local-testnet.sh finalize a dataset, a model with its lineage, an inference and an
// anchored batch; `provenance receipt` builds one receipt per record from Bob's node; then every
// node is stopped and each receipt verifies offline, from the raw chain spec alone, in the CLI
// (`verify-receipt`) and in the JS client (`verifyReceipt`), which must prove the same thing.
// Tampered copies (justification, header, proof node, human copy, subject) fail in both with the
// same class. Sizes and times go to the output and to $RECEIPTS_REPORT (default:
// $TMPDIR/provenance-receipts-report.json); docs/RECEIPTS.md records them.
//
// Run: cd tests/e2e && npm run test:receipts   (about 2 minutes on 2 cores). Bounded by a
// watchdog ($RECEIPTS_SUITE_LIMIT_MS, default 8 min); every node is stopped at the end.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { rpc as provenanceRpc, MerkleTree } from '@provenance-chain/client';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { dev, registerDataset, registerModel, uniqueHash } from '../lib/chain.js';
import { cli, makeReceipt, verifyBoth, tamperedFail } from '../lib/receipts.js';
import { NAMES } from './testnet.js';
import { networkSuite } from './suite.js';

let net;
let api;
const { report, step } = networkSuite({
  name: 'receipts',
  limitMs: Number(process.env.RECEIPTS_SUITE_LIMIT_MS || 8 * 60_000),
  reportFile: process.env.RECEIPTS_REPORT || join(tmpdir(), 'provenance-receipts-report.json'),
  onStart: (testnet) => { net = testnet; },
  onEnd: async () => {
    await api?.disconnect();
    console.log(`receipts report:\n${JSON.stringify(report, null, 2)}`);
  },
});
report.date = new Date().toISOString();

const subjects = {}; // name → the `provenance receipt` words
const receipts = {}; // name → { file, bytes, ms }

step('1. four validators finalize a dataset, a model lineage, an inference and a batch', async () => {
  await net.start();
  await net.waitFinalized(NAMES, 1, { timeoutMs: 240_000 });
  api = await ApiPromise.create({
    provider: new WsProvider(`ws://127.0.0.1:${net.rpcPorts.alice}`), rpc: provenanceRpc, noInitWarn: true,
  });
  const [alice, bob] = [dev('Alice'), dev('Bob')];
  const corpus = await registerDataset(api, alice, { metadata: '{"rows":1000}' });
  const extra = await registerDataset(api, bob, { uri: 'https://example.org/extra.tar' });
  const base = await registerModel(api, alice, { datasets: [corpus.id] });
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']], datasets: [extra.id] });
  const output = uniqueHash('output');
  await sendAndFinalize(api, api.tx.inference.log(tuned.id, uniqueHash('input'), output, uniqueHash('params')), bob);
  const records = Array.from({ length: 5 }, (_, i) => ({
    modelId: tuned.id, inputHash: uniqueHash(`in${i}`), outputHash: uniqueHash(`out${i}`), paramsHash: uniqueHash('p'),
  }));
  const tree = new MerkleTree(records);
  const anchored = await sendAndFinalize(api, api.tx.inference.anchorBatch(tuned.id, tree.root(), records.length, 's3://bucket/batch.jsonl'), bob);
  const batchId = findEvent(anchored.events, 'inference', 'BatchAnchored').data.batchId.toNumber();
  const recordFile = join(net.dir, 'record.json');
  const proofFile = join(net.dir, 'proof.json');
  writeFileSync(recordFile, JSON.stringify(records[3]));
  writeFileSync(proofFile, JSON.stringify(tree.proof(3)));

  subjects.dataset = ['dataset', String(corpus.id)];
  subjects.model = ['model', String(tuned.id)];
  subjects.lineage = ['model', String(tuned.id), '--with-lineage'];
  subjects.inference = ['inference', output, '--model', String(tuned.id)];
  subjects.batchRecord = ['batch-record', '--batch', String(batchId), '--record', recordFile, '--proof', proofFile];
  report.records = { datasets: [corpus.id, extra.id], models: [base.id, tuned.id], batchId };
});

step('2. receipts from Bob\'s node, anchored at the next finalized block', async () => {
  const rpc = `ws://127.0.0.1:${net.rpcPorts.bob}`;
  for (const [name, words] of Object.entries(subjects)) {
    receipts[name] = await makeReceipt(words, join(net.dir, `receipt-${name}.json`), rpc);
    assert.equal(receipts[name].answer.handOffs, 0, 'no validator change on this network');
  }
  // --at a block whose justification the node did not store: a clear refusal.
  const head = await api.rpc.chain.getFinalizedHead();
  const parent = (await api.rpc.chain.getHeader(head)).parentHash.toHex();
  const at = await cli(['receipt', ...subjects.dataset, '--at', parent, '--out', join(net.dir, 'no.json'), '--rpc', rpc]);
  if (at.code !== 0) assert.match(at.stderr, /stored no GRANDPA justification|not in the state/);
  report.receipts = Object.fromEntries(Object.entries(receipts).map(([n, r]) => [n, { bytes: r.bytes, buildMs: r.ms }]));
  await api.disconnect();
  api = undefined;
});

step('3. with every node stopped, each receipt verifies offline in the CLI and in JS', async () => {
  await net.stop(...NAMES);
  const heads = await net.heads();
  assert.ok(NAMES.every((n) => !heads[n]), `all nodes are down: ${JSON.stringify(heads)}`);
  const spec = join(net.dir, 'chain-spec.json');
  for (const [name, { file }] of Object.entries(receipts)) {
    const verified = await verifyBoth(file, spec);
    console.log(`# ${name}: ${verified.statement.replace(/\n/g, ' ')}`);
    report.receipts[name].cliVerifyMs = Math.round(verified.cliMs * 10) / 10;
    report.receipts[name].jsVerifyMs = Math.round(verified.jsMs * 10) / 10;
  }
  const lineage = await verifyBoth(receipts.lineage.file, spec);
  assert.deepEqual(lineage.proven.models.map((m) => m.id), report.records.models);
  assert.deepEqual(lineage.proven.datasets.map((d) => d.id), report.records.datasets);
});

step('4. tampered receipts fail in both verifiers with the same class; another chain\'s spec is the wrong chain', async () => {
  const spec = join(net.dir, 'chain-spec.json');
  report.tampered = {
    dataset: await tamperedFail(receipts.dataset.file, spec, net.dir),
    batchRecord: await tamperedFail(receipts.batchRecord.file, spec, net.dir),
  };
  const devSpec = join(net.dir, 'dev-spec.json');
  const exported = await new Promise((resolve, reject) => {
    import('node:child_process').then(({ execFile }) => execFile(net.env.PROVENANCE_NODE,
      ['export-chain-spec', '--chain', 'dev', '--raw', '--output', devSpec], (err) => (err ? reject(err) : resolve(devSpec))));
  });
  const other = await cli(['verify-receipt', receipts.dataset.file, '--chain-spec', exported, '--json']);
  assert.equal(other.code, 2);
  assert.equal(JSON.parse(other.stdout).failure.class, 'wrongChain');
});
