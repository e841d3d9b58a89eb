// @provenance-chain/client as users get it: `npm pack` makes a tarball, which installs into an
// empty folder (with @polkadot/api, its peer dependency); every JavaScript example of its README
// then runs there, against a real dev node, and prints what the README says it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, nodeBinary } from '../lib/node.js';
import { dev, registerDataset } from '../lib/chain.js';
import { cli } from '../lib/receipts.js';

const CLIENT = new URL('../../../clients/js/', import.meta.url).pathname;
let node;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provenance-client-package-'));
  node = await startNode();
});
after(async () => {
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...opts });

test('the packed tarball installs into an empty folder and every README example runs', async () => {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: CLIENT }).trim().split('\n').pop();
  const listing = run('tar', ['-tzf', join(dir, tarball)]);
  for (const file of ['index.js', 'index.d.ts', 'views.d.ts', 'receipt.js', 'trie.js', 'README.md']) {
    assert.match(listing, new RegExp(`package/${file.replace('.', '\\.')}`), `${file} is packed`);
  }
  const app = join(dir, 'app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(dir, tarball), '@polkadot/api@16.5.6'], { cwd: app });

  // Material for the examples: a registered dataset of one file 'hello.txt' = "hello\n", and a
  // receipt with the dev chain's spec.
  const folder = join(dir, 'hello');
  run('mkdir', ['-p', folder]);
  writeFileSync(join(folder, 'hello.txt'), 'hello\n');
  const root = JSON.parse((await cli(['hash', folder, '--json'])).stdout).root;
  const dataset = await registerDataset(node.api, dev('Alice'), { contentRoot: root });
  const receipt = join(dir, 'receipt.json');
  const made = await cli(['receipt', 'dataset', String(dataset.id), '--out', receipt, '--rpc', `ws://127.0.0.1:${node.rpcPort}`]);
  assert.equal(made.code, 0, made.stderr);
  const spec = join(dir, 'spec.json');
  run(nodeBinary(), ['export-chain-spec', '--chain', 'dev', '--raw', '--output', spec]);

  const readme = readFileSync(join(CLIENT, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(examples.length, 3);
  const env = { ...process.env, PROVENANCE_RPC: `ws://127.0.0.1:${node.rpcPort}`, RECEIPT: receipt, CHAIN_SPEC: spec };
  const outputs = examples.map((code, i) => {
    const file = join(app, `example-${i}.mjs`);
    writeFileSync(file, code);
    return run('node', [file], { cwd: app, env });
  });
  assert.match(outputs[0], new RegExp(`${root}: dataset ${dataset.id}`));
  assert.deepEqual(outputs[1].trim().split('\n'), ['true', 'false']);
  assert.match(outputs[2], new RegExp(`^dataset ${dataset.id} owned by .* with root ${root}`));
});
