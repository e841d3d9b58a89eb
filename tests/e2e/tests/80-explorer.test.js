// The explorer in a real browser: Debian's Chromium (headless, driven by playwright-core) on the
// built explorer (explorer/dist, served as scripts/dev.sh serves it), against a real dev node this
// test populates:
//   - the lineage of a depth-5 model renders every node and edge (graph and tables);
//   - a folder chosen in the page is hashed in the browser to the CLI's root, and found registered;
//   - a batch record verifies, and with a tampered proof shows "invalid";
//   - a receipt made by the CLI verifies in the browser, offline, and a tampered one does not;
//   - search by id, content root and account.
// UPDATE_SCREENSHOTS=1 writes docs/explorer-model.png and docs/explorer-drop.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { MerkleTree } from '@provenance-chain/client';
import { startNode, nodeBinary } from '../lib/node.js';
import { dev, registerDataset, registerModel, uniqueHash } from '../lib/chain.js';
import { sendAndFinalize, findEvent } from '../lib/tx.js';
import { cli } from '../lib/receipts.js';
import { serve } from '../../../explorer/serve.mjs';

const DIST = new URL('../../../explorer/dist/', import.meta.url).pathname;
const DOCS = new URL('../../../docs/', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let node;
let server;
let browser;
let page;
let base;
let dir;
const chain = {};

before(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('explorer/dist is missing: run `npm --workspace explorer run build` (scripts/test.sh does)');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/setup.sh (it installs Debian's chromium)`);
  dir = mkdtempSync(join(tmpdir(), 'provenance-explorer-'));
  node = await startNode();
  ({ server, url: base } = await serve({ root: DIST }));
  // A fresh profile directory per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? await browser.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
});

after(async () => {
  await browser?.close();
  server?.close();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open = async (hash) => {
  await page.goto(`${base}?rpc=ws://127.0.0.1:${node.rpcPort}${hash}`);
  await page.waitForFunction((h) => document.body.dataset.ready === h, hash);
};

test('a depth-5 model: every lineage node and edge is drawn, with the record, descendants, split and batches', async () => {
  const { api } = node;
  const [alice, bob] = [dev('Alice'), dev('Bob')];
  const d0 = await registerDataset(api, alice, { metadata: 'corpus v1' });
  const d1 = await registerDataset(api, bob, { metadata: 'instructions' });
  let parent = await registerModel(api, alice, { datasets: [d0.id] });
  const models = [parent.id];
  for (let depth = 2; depth <= 5; depth++) {
    parent = await registerModel(api, bob, { parents: [[parent.id, depth === 3 ? 'Quantization' : 'FineTune']], datasets: depth === 5 ? [d1.id] : [] });
    models.push(parent.id);
  }
  chain.top = parent.id;
  chain.datasets = [d0.id, d1.id];
  const records = Array.from({ length: 4 }, (_, i) => ({
    modelId: chain.top, inputHash: uniqueHash(`in${i}`), outputHash: uniqueHash(`out${i}`), paramsHash: uniqueHash('p'),
  }));
  const tree = new MerkleTree(records);
  const anchored = await sendAndFinalize(api, api.tx.inference.anchorBatch(chain.top, tree.root(), 4, 's3://b/batch.jsonl'), bob);
  chain.batch = { id: findEvent(anchored.events, 'inference', 'BatchAnchored').data.batchId.toNumber(), record: records[2], proof: tree.proof(2) };

  await open(`#/model/${chain.top}`);
  const graph = page.getByTestId('lineage-graph');
  // The model, its four ancestors and two datasets; four parent links and two trained-on links.
  assert.equal(await graph.getAttribute('data-nodes'), '7');
  assert.equal(await graph.getAttribute('data-edges'), '6');
  assert.ok(await graph.locator('canvas').count() > 0, 'cytoscape drew on a canvas');
  const nodes = await page.getByTestId('lineage-nodes').locator('tbody tr').allTextContents();
  for (const id of models) assert.ok(nodes.some((t) => t.includes(`model ${id}`)), `model ${id} listed`);
  for (const id of chain.datasets) assert.ok(nodes.some((t) => t.includes(`dataset ${id}`)), `dataset ${id} listed`);
  const edges = await page.getByTestId('lineage-edges').locator('tbody tr').allTextContents();
  assert.equal(edges.length, 6);
  assert.ok(edges.some((t) => t.includes('quantization')), 'edge kinds shown');
  assert.ok(edges.filter((t) => t.includes('trainedOn')).length === 2);
  assert.match(await page.getByTestId('royalties').innerText(), /PROV/);
  assert.match(await page.getByTestId('batches').innerText(), new RegExp(`^${chain.batch.id}\\s+4`, 'm'));
  chain.renderMs = Number(await graph.getAttribute('data-render-ms'));
  console.log(`# lineage of 7 nodes drawn in ${chain.renderMs} ms`);
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(DOCS, 'explorer-model.png'), fullPage: true });

  // The base model's page lists every descendant.
  await open(`#/model/${models[0]}`);
  const descendants = await page.getByTestId('descendants').innerText();
  for (const id of models.slice(1)) assert.ok(descendants.includes(`model ${id}`));
  // A dataset's page: contributors and the models trained on it.
  await open(`#/dataset/${d1.id}`);
  assert.match(await page.getByTestId('trained').innerText(), new RegExp(`model ${chain.top}`));
  assert.match(await page.getByTestId('contributors').innerText(), /100 %/);
});

test('a folder chosen in the page is hashed in the browser to the CLI\'s root and found registered', async () => {
  const folder = join(dir, 'weights');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(join(folder, '.git'), { recursive: true });
  writeFileSync(join(folder, 'config.json'), '{"layers": 4}\n');
  writeFileSync(join(folder, 'sub', 'weights.bin'), Buffer.alloc(3 * 1024 * 1024 + 17, 7));
  writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n'); // excluded by the SPEC's rules
  const hashed = await cli(['hash', folder, '--json']);
  assert.equal(hashed.code, 0, hashed.stderr);
  const root = JSON.parse(hashed.stdout).root;

  await open('#/drop');
  await page.locator('#folder-input').setInputFiles(folder);
  await page.getByTestId('drop-status').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('drop-root').innerText(), root);
  assert.equal(await page.getByTestId('drop-status').getAttribute('data-registered'), 'no');

  const registered = await registerDataset(node.api, dev('Alice'), { contentRoot: root });
  await open('#/drop');
  await page.locator('#folder-input').setInputFiles(folder);
  await page.getByTestId('drop-status').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('drop-status').getAttribute('data-registered'), 'dataset');
  assert.match(await page.getByTestId('drop-status').innerText(), new RegExp(`dataset ${registered.id}`));
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(DOCS, 'explorer-drop.png'), fullPage: true });

  // One file: a folder of one entry named by its file name.
  const single = await cli(['hash', join(folder, 'config.json'), '--json']);
  await open('#/drop');
  await page.locator('#file-input').setInputFiles(join(folder, 'config.json'));
  await page.getByTestId('drop-root').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('drop-root').innerText(), JSON.parse(single.stdout).root);

  // Search by content root and by account.
  await open(`#/search/${root}`);
  assert.match(await page.getByTestId('results').innerText(), new RegExp(`dataset ${registered.id}`));
  await open(`#/search/${dev('Alice').address}`);
  assert.match(await page.getByTestId('results').innerText(), new RegExp(`dataset ${registered.id} is owned`));
  await open('#/search/not-a-thing');
  assert.match(await page.locator('[role=alert]').innerText(), /not an id/);
});

test('a batch record verifies in the browser; a tampered proof shows "invalid"', async () => {
  await open('#/verify');
  await page.locator('#batch-id').fill(String(chain.batch.id));
  await page.locator('#record').fill(JSON.stringify(chain.batch.record));
  await page.locator('#proof').fill(JSON.stringify(chain.batch.proof));
  await page.locator('#check-batch').click();
  await page.waitForFunction(() => /valid/.test(document.querySelector('[data-testid=batch-result]')?.textContent ?? ''));
  assert.match(await page.getByTestId('batch-result').innerText(), /^valid: the record at leaf 2/);

  const tampered = structuredClone(chain.batch.proof);
  tampered.siblings[0] = `0x${'ab'.repeat(32)}`;
  await page.locator('#proof').fill(JSON.stringify(tampered));
  await page.locator('#check-batch').click();
  await page.waitForFunction(() => /^invalid/.test(document.querySelector('[data-testid=batch-result]')?.textContent ?? ''));
  assert.match(await page.getByTestId('batch-result').innerText(), /^invalid: this record and proof do not lead/);
});

test('a receipt from the CLI verifies in the browser, offline; a tampered one does not', async () => {
  const receipt = join(dir, 'receipt.json');
  const made = await cli(['receipt', 'dataset', String(chain.datasets[0]), '--out', receipt, '--rpc', `ws://127.0.0.1:${node.rpcPort}`]);
  assert.equal(made.code, 0, made.stderr);
  const spec = join(dir, 'dev-spec.json');
  execFileSync(nodeBinary(), ['export-chain-spec', '--chain', 'dev', '--raw', '--output', spec]);

  await open('#/verify');
  await page.locator('#spec-file').setInputFiles(spec);
  await page.locator('#receipt-file').setInputFiles(receipt);
  await page.waitForFunction(() => /^(valid|invalid)/.test(document.querySelector('[data-testid=receipt-result]')?.textContent ?? ''), null, { timeout: 30_000 });
  const text = await page.getByTestId('receipt-result').innerText();
  assert.match(text, new RegExp(`^valid receipt .*dataset ${chain.datasets[0]} owned by`), text);

  const doc = JSON.parse(readFileSync(receipt, 'utf8'));
  doc.proven.datasets[0].owner = dev('Bob').address;
  const bad = join(dir, 'tampered.json');
  writeFileSync(bad, JSON.stringify(doc));
  await page.locator('#receipt-file').setInputFiles(bad);
  await page.waitForFunction(() => /^invalid/.test(document.querySelector('[data-testid=receipt-result]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await page.getByTestId('receipt-result').innerText(), /^invalid receipt \(record\)/);
});
