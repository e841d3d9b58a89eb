// The runtime a validator runs is the production runtime: the node built by scripts/build.sh
// embeds a wasm without benchmarking code, so the `Benchmark_*` runtime API is absent, while the
// provenance queries answer through the same wasm (`--wasm-queries`) as natively.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { rawRpc } from '../lib/chain.js';

let node;
before(async () => { node = await startNode({ args: ['--dev', '--wasm-queries'] }); });
after(async () => { if (node) await node.stop(); });

test('the runtime has no Benchmark_* API', async () => {
  const { api } = node;
  await assert.rejects(
    api.rpc.state.call('Benchmark_benchmark_metadata', '0x00'),
    (e) => { assert.match(String(e.message), /Benchmark_benchmark_metadata|not found|Exported method/i); return true; },
  );
  const apis = api.runtimeVersion.apis.map(([id]) => id.toHex());
  // blake2_64("Benchmark") = 0x67f4b8fba858782a (sp-api's runtime API id of `Benchmark`).
  assert.ok(!apis.includes('0x67f4b8fba858782a'), `runtime APIs: ${apis.join(', ')}`);
  assert.ok(apis.length > 5, 'the runtime lists its APIs');
});

test('queries answer in wasm too (the node started with --wasm-queries)', async () => {
  const { api } = node;
  assert.match(node.log, /Provenance queries: wasm runtime only/);
  assert.equal(await rawRpc(api, 'provenance_getModel', [999_999]), null);
  assert.equal(await rawRpc(api, 'provenance_lineage', [999_999]), null);
});
