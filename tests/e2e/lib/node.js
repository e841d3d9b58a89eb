// Starts a real `provenance-node` on free loopback ports and stops it again, always.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { rpc as provenanceRpc } from '@provenance-chain/client';

/** Path of a release binary of the workspace: `$<envVar>`, else the shared cargo target directory. */
export function targetBinary(name, envVar) {
  if (process.env[envVar]) return process.env[envVar];
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/provenance-chain/target');
  const path = join(target, 'release', name);
  if (!existsSync(path)) throw new Error(`${name} not found at ${path}; build it first (scripts/test.sh does)`);
  return path;
}

/** Path of the node binary: $PROVENANCE_NODE, else the shared cargo target directory. */
export const nodeBinary = () => targetBinary('provenance-node', 'PROVENANCE_NODE');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a node with `args` (default `--dev`), connects polkadot.js and waits until `finalized`
 * blocks are finalized. Returns `{ api, rpcPort, stop, log }`; `stop()` is idempotent.
 */
export async function startNode({ args = ['--dev'], finalized = 1, basePath, timeoutMs = 120_000 } = {}) {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const ownBase = !basePath;
  const base = basePath || mkdtempSync(join(tmpdir(), 'provenance-e2e-'));
  const child = spawn(nodeBinary(), [
    ...args,
    '--base-path', base,
    '--rpc-port', String(rpcPort),
    '--port', String(p2pPort),
    '--no-prometheus',
    '--no-telemetry',
    '--no-mdns',
    '--rpc-max-connections', '1000',
    // The pool the project's scripts run (scripts/env.sh: the fork-aware pool dropped transactions under bursts).
    '--pool-type', process.env.PROVENANCE_POOL_TYPE || 'single-state',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d.toString()).slice(-20_000); });
  let exited = false;
  child.on('exit', () => { exited = true; });

  let api;
  const stop = async () => {
    if (api) { try { await api.disconnect(); } catch { /* already closed */ } api = undefined; }
    if (!exited) {
      child.kill('SIGINT');
      for (let i = 0; i < 100 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    if (ownBase) rmSync(base, { recursive: true, force: true });
  };
  // Never leave a node behind, whatever happens to the test process.
  process.once('exit', () => { if (!exited) child.kill('SIGKILL'); });

  try {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      if (exited) throw new Error(`node exited early:\n${log}`);
      if (Date.now() > deadline) throw new Error(`node did not start in time:\n${log}`);
      try {
        const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, false);
        await provider.connect();
        api = await ApiPromise.create({ provider, rpc: provenanceRpc, noInitWarn: true, throwOnConnect: true });
        break;
      } catch {
        await sleep(500);
      }
    }
    while (true) {
      if (Date.now() > deadline) throw new Error(`no finality in time:\n${log}`);
      const head = await api.rpc.chain.getFinalizedHead();
      const header = await api.rpc.chain.getHeader(head);
      if (header.number.toNumber() >= finalized) break;
      await sleep(1000);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { api, rpcPort, stop, base, get log() { return log; } };
}
