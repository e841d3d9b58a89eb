// The runtime a validator runs is the production runtime: the node built by scripts/build.sh
// embeds a wasm without benchmarking or try-runtime code, so the `Benchmark_*` and `TryRuntime_*`
// runtime APIs are absent (the native build has both, for the tests; runtime/build.rs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';

let node;
before(async () => { node = await startNode(); });
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

test('the runtime has no TryRuntime_* API: no node can be made to run its checks', async () => {
  const { api } = node;
  await assert.rejects(
    api.rpc.state.call('TryRuntime_on_runtime_upgrade', '0x00'),
    (e) => { assert.match(String(e.message), /TryRuntime_on_runtime_upgrade|not found|Exported method/i); return true; },
  );
  const apis = api.runtimeVersion.apis.map(([id]) => id.toHex());
  // blake2_64("TryRuntime") = 0xe0837fce09f4829a.
  assert.ok(!apis.includes('0xe0837fce09f4829a'), `runtime APIs: ${apis.join(', ')}`);
});
