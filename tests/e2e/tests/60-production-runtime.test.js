// The runtime a validator runs is the production runtime: the node built by scripts/build.sh
// embeds a wasm without benchmarking or try-runtime code, so the `Benchmark_*` and `TryRuntime_*`
// runtime APIs are absent (the native build has both, for the tests; runtime/build.rs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

/** `method` is not exported by the node's runtime and API `id` (blake2_64 of its name) is not listed. */
async function assertAbsent(method, id) {
  const { api } = node;
  const pattern = new RegExp(`${method}|not found|Exported method`, 'i');
  await assert.rejects(api.rpc.state.call(method, '0x00'), (e) => { assert.match(String(e.message), pattern); return true; });
  const apis = api.runtimeVersion.apis.map(([apiId]) => apiId.toHex());
  assert.ok(!apis.includes(id), `runtime APIs: ${apis.join(', ')}`);
  assert.ok(apis.length > 5, 'the runtime lists its APIs');
}

// blake2_64("Benchmark") = 0x67f4b8fba858782a, blake2_64("TryRuntime") = 0xe0837fce09f4829a (sp-api's ids).
test('the runtime has no Benchmark_* API', () => assertAbsent('Benchmark_benchmark_metadata', '0x67f4b8fba858782a'));

test('the runtime has no TryRuntime_* API: no node can be made to run its checks',
  () => assertAbsent('TryRuntime_on_runtime_upgrade', '0xe0837fce09f4829a'));
