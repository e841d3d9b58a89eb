// Regenerates docs/RPC.md: starts a real dev node, writes a small provenance graph, calls every
// custom method and records the exact request and response.   Run: node tools/rpc-doc.js
import { writeFileSync } from 'node:fs';
import { MerkleTree } from '@provenance-chain/client';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { dev, registerDataset, registerModel, rawRpc, uniqueHash, license } from '../lib/chain.js';

const node = await startNode();
try {
  const { api } = node;
  const [alice, bob, charlie] = ['Alice', 'Bob', 'Charlie'].map(dev);
  const data = await registerDataset(api, charlie, { contributors: [[charlie.address, 700_000_000], [alice.address, 300_000_000]], lic: license({ spdx: 'CC-BY-4.0' }) });
  const base = await registerModel(api, alice);
  const tuned = await registerModel(api, bob, { parents: [[base.id, 'FineTune']], datasets: [data.id] });
  await sendAndFinalize(api, api.tx.royalties.setUpstream(tuned.id, 400_000_000), bob);
  const out = uniqueHash('out');
  await sendAndFinalize(api, api.tx.inference.log(tuned.id, uniqueHash('in'), out, uniqueHash('params')), bob);
  const records = Array.from({ length: 4 }, (_, i) => ({ modelId: tuned.id, inputHash: uniqueHash(`i${i}`), outputHash: uniqueHash(`o${i}`), paramsHash: uniqueHash('p') }));
  const tree = new MerkleTree(records);
  const anchored = await sendAndFinalize(api, api.tx.inference.anchorBatch(tuned.id, tree.root(), 4, 'ipfs://bafy-batch'), bob);
  const batchId = findEvent(anchored.events, 'inference', 'BatchAnchored').data.batchId.toNumber();
  await sendAndFinalize(api, api.tx.royalties.pay(tuned.id, 1_000_000_000_000n, null), alice);
  // Usage metering: the fine-tune costs 7 planck per inference.
  await sendAndFinalize(api, api.tx.royalties.setPrice(tuned.id, 7_000_000_000n), bob);

  // Disputes: Bob squats a dataset, Alice disputes its ownership, Bob answers, governance (sudo
  // here) hands it to Alice; Charlie then opens a second dispute that stays open. A dataset found
  // to contain PII is retracted by a verdict, which taints the lineage of a model trained on it.
  const sudo = async (call) => {
    const { events } = await sendAndFinalize(api, api.tx.sudo.sudo(call), alice);
    const result = findEvent(events, 'sudo', 'Sudid').data.sudoResult;
    if (result.isErr) throw new Error(`sudo: ${result.asErr.toString()}`);
  };
  const open = async (who, target, kind, uri) => {
    const { events } = await sendAndFinalize(api, api.tx.disputes.open(target, kind, uniqueHash('evidence'), uri), who);
    return findEvent(events, 'disputes', 'DisputeOpened').data.id.toNumber();
  };
  const squat = await registerDataset(api, bob, { uri: 'ipfs://bafy-squatted' });
  const ownership = await open(alice, { Dataset: squat.id }, 'Ownership', 'ipfs://bafy-alice-originals');
  await sendAndFinalize(api, api.tx.disputes.respond(ownership, uniqueHash('answer'), 'ipfs://bafy-bob-answer'), bob);
  await sudo(api.tx.disputes.resolve(ownership, { TransferTo: alice.address }));
  await open(charlie, { Dataset: squat.id }, 'Content', 'https://example.org/report-17');
  const pii = await registerDataset(api, charlie);
  const onPii = await registerModel(api, alice, { datasets: [pii.id] });
  await sudo(api.tx.disputes.resolve(await open(bob, { Dataset: pii.id }, 'Content', 'ipfs://bafy-pii-report'), 'Retract'));

  const calls = [
    ['provenance_getDataset', [data.id]],
    ['provenance_getDatasetByRoot', [data.contentRoot]],
    ['provenance_getModel', [tuned.id]],
    ['provenance_getModelByRoot', [tuned.weightsRoot]],
    ['provenance_lineage', [tuned.id, 10]],
    ['provenance_descendants', [{ dataset: data.id }]],
    ['provenance_getInference', [out, tuned.id]],
    ['provenance_inferenceClaims', [out]],
    ['provenance_getBatch', [batchId]],
    ['provenance_verifyInclusion', [batchId, records[2], tree.proof(2)]],
    ['royalties_quote', [tuned.id, '1000000000000']],
    ['royalties_quoteUsage', [tuned.id, 1000000]],
    ['royalties_claimable', [charlie.address]],
    ['provenance_getDispute', [ownership]],
    ['provenance_disputesOf', [{ dataset: squat.id }]],
    ['provenance_disputesOf', [{ inference: { outputHash: out, modelId: tuned.id } }]],
    ['provenance_lineage', [onPii.id]],
    ['provenance_getDispute', [999999]],
    ['provenance_getModel', [999999]],
    ['provenance_getDatasetByRoot', ['0x1234']],
    ['provenance_lineage', [tuned.id, 100000]],
  ];
  let md = `# JSON-RPC reference\n\nEvery method takes an optional last parameter \`at\` (a block hash; default: the best block).\nHashes are 0x-hex, accounts SS58 (prefix 42), balances decimal strings, ids numbers, fields camelCase;\nan absent record is \`null\`. Bad parameters give error \`-32602\` with a message naming the field; a\nruntime refusal of a quote gives \`-32001\`; a failed runtime call \`-32000\`. \`max_depth\` defaults to and\nis capped at 256; one walk visits at most 10,000 nodes (\`truncated: true\` beyond).\n\nThe same queries are runtime APIs (\`ProvenanceApi\`, \`RoyaltiesApi\`), callable with \`state_call\` or\npolkadot.js \`api.call.provenanceApi.*\`. polkadot.js definitions: \`clients/js/index.js\`. The node\nanswers these methods natively at blocks that run its own runtime build and through the wasm\nruntime otherwise (same answers; \`--wasm-queries\` forces wasm; see docs/ARCHITECTURE.md).\n\n\`royalties_quote\` answers \`{ credits, quoteHash }\`: pass \`quoteHash\` as \`Royalties.pay\`'s \`expected\` to pay exactly\nthat split (\`QuoteChanged\` otherwise). \`royalties_quoteUsage\` answers the model's \`price\` per inference, the\ncharge \`amount = count × price\` of \`count\` inferences (\`Inference.log\`: 1, \`anchor_batch\`: its count) and the same\n\`{ credits, quoteHash }\` for that charge (empty credits when usage is free). An amount below the minimum credit\n(\`Royalties.MinimumCredit\`, the existential deposit: 1 milli-PROV) is refused, and no credit in a quote is below it\n(smaller shares go to the largest credit: \`pallets/royalties/README.md\`, \"The minimum credit\"). A proof for \`provenance_verifyInclusion\` verifies only at its own\nindex and against the batch's anchored root and count (docs/HASHING.md).\n\nA dataset or model with an open dispute has status \`disputed\` (it keeps working; royalties reaching it are\nescrowed until the dispute ends). \`provenance_getDispute\` / \`provenance_disputesOf\` answer disputes: \`target\` is\n\`{dataset}\`, \`{model}\`, \`{inference: {outputHash, modelId}}\` or \`{batch}\`; \`state\` is \`open\`, \`withdrawn\` or\n\`{resolved: dismissed | retract | {transferTo}}\`. \`provenance_lineage\` lists every ancestor as \`{id, status, root,\nlicense}\` (a model's weights root, a dataset's content root) and gives the model's own \`weightsRoot\` and \`license\`, so\none call draws the whole graph; \`taintedAncestry\` is true when one of them (at any depth, whatever \`max_depth\`) is\nretracted or displaced.\n\nEverything below was recorded from a real \`provenance-node --dev\` by \`tests/e2e/tools/rpc-doc.js\` on ${new Date().toISOString().slice(0, 10)}.\n`;
  for (const [method, params] of calls) {
    let response;
    try { response = { result: await rawRpc(api, method, params) }; } catch (e) { response = { error: e.message }; }
    md += `\n## \`${method}\`\n\n\`\`\`json\n${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })}\n\`\`\`\n\n\`\`\`json\n${JSON.stringify(response, null, 2)}\n\`\`\`\n`;
  }
  writeFileSync(new URL('../../../docs/RPC.md', import.meta.url), md);
  console.log('docs/RPC.md written');
} finally {
  await node.stop();
}
