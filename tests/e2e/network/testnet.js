// Drives a four-validator `--chain local` network through scripts/local-testnet.sh and watches it
// over plain HTTP JSON-RPC (no websocket state to lose when a node is killed).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, nodeBinary } from '../lib/node.js';

/** The validators of the `local` genesis. */
export const NAMES = ['alice', 'bob', 'charlie', 'dave'];
/** Every node the script knows: the four validators and Eve, who joins by governance. */
export const ALL_NAMES = [...NAMES, 'eve'];
export const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/local-testnet.sh');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `n` distinct free loopback ports. */
async function freePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export class Testnet {
  /** A new, not yet started network in a fresh run directory on free ports. */
  static async create() {
    const net = new Testnet();
    net.dir = mkdtempSync(join(tmpdir(), 'provenance-testnet-'));
    const ports = await freePorts(15);
    net.rpcPorts = Object.fromEntries(ALL_NAMES.map((n, i) => [n, ports[5 + i]]));
    net.promPorts = Object.fromEntries(ALL_NAMES.map((n, i) => [n, ports[10 + i]]));
    net.env = {
      ...process.env,
      PROVENANCE_NODE: nodeBinary(),
      TESTNET_DIR: net.dir,
      TESTNET_P2P_PORTS: ports.slice(0, 5).join(' '),
      TESTNET_RPC_PORTS: ports.slice(5, 10).join(' '),
      TESTNET_PROMETHEUS_PORTS: ports.slice(10, 15).join(' '),
    };
    // Never leave a node behind, whatever happens to the test process.
    const crash = () => net.killAllSync();
    process.once('exit', crash);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, () => { crash(); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)); });
    }
    return net;
  }

  /** Runs the script with `args`; resolves with its stdout. */
  script(...args) {
    return new Promise((res, rej) => {
      execFile(SCRIPT, args, { env: this.env, timeout: 180_000 }, (err, stdout, stderr) => {
        if (err) rej(new Error(`local-testnet.sh ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
        else res(stdout);
      });
    });
  }

  start(...names) { return this.script('start', ...names); }
  stop(...names) { return this.script('stop', ...names); }
  kill(...names) { return this.script('kill', ...names); }

  /** SIGKILL every node synchronously (exit handlers). */
  killAllSync() {
    for (const name of ALL_NAMES) {
      const file = join(this.dir, `${name}.pid`);
      if (!existsSync(file)) continue;
      const pid = Number(readFileSync(file, 'utf8').trim());
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes(join(this.dir, name))) process.kill(pid, 'SIGKILL');
      } catch { /* already gone */ }
    }
  }

  /** Stops everything cleanly; removes the run directory unless `keep`. */
  async teardown({ keep = false } = {}) {
    try { await this.stop(); } catch { this.killAllSync(); }
    this.killAllSync();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }

  /** `name`'s P2P multiaddr with its peer id (from the run directory's network.env). */
  peerAddress(name) {
    const conf = readFileSync(join(this.dir, 'network.env'), 'utf8');
    const value = (key) => conf.match(new RegExp(`^${key}_${name}=(.*)$`, 'm'))?.[1];
    return `/ip4/127.0.0.1/tcp/${value('P2P')}/p2p/${value('PEER')}`;
  }

  /** The whole log of `name` (every start appends to it). */
  log(name) {
    try { return readFileSync(join(this.dir, `${name}.log`), 'utf8'); } catch { return ''; }
  }

  logTail(name, lines = 40) {
    try { return readFileSync(join(this.dir, `${name}.log`), 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
  }

  /** A JSON-RPC call over HTTP; throws on transport or RPC error. */
  async rpc(name, method, params = []) {
    const res = await fetch(`http://127.0.0.1:${this.rpcPorts[name]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = await res.json();
    if (body.error) throw new Error(`${name} ${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  }

  /** `{ best, finalized, finalizedHash, peers }` of a node, or null if it does not answer. */
  async head(name) {
    try {
      const [best, finalizedHash, health] = await Promise.all([
        this.rpc(name, 'chain_getHeader'),
        this.rpc(name, 'chain_getFinalizedHead'),
        this.rpc(name, 'system_health'),
      ]);
      const fin = await this.rpc(name, 'chain_getHeader', [finalizedHash]);
      return {
        best: Number(best.number),
        finalized: Number(fin.number), finalizedHash, peers: health.peers,
      };
    } catch {
      return null;
    }
  }

  /** Heads of `names` keyed by name (null for nodes that do not answer). */
  async heads(names = NAMES) {
    const list = await Promise.all(names.map((n) => this.head(n)));
    return Object.fromEntries(names.map((n, i) => [n, list[i]]));
  }

  /** Canonical hash at `number` on `name`, or null. */
  async hashAt(name, number) {
    try { return await this.rpc(name, 'chain_getBlockHash', [number]); } catch { return null; }
  }

  /** A one-line summary of all nodes, for failure messages. */
  async describe() {
    const h = await this.heads();
    return NAMES.map((n) => (h[n] ? `${n}: best #${h[n].best} finalized #${h[n].finalized} peers ${h[n].peers}` : `${n}: down`)).join('; ');
  }

  /**
   * Polls `check()` until it returns a truthy value; resolves `{ value, ms }` (ms since `since`).
   * Throws after `timeoutMs` with `what` and the network's state.
   */
  async waitFor(what, check, { timeoutMs = 120_000, intervalMs = 500, since = Date.now() } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const value = await check();
      if (value) return { value, ms: Date.now() - since };
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for: ${what}\n${await this.describe()}`);
      await sleep(intervalMs);
    }
  }

  /** Waits until every node in `names` has finalized block `number`; returns `{ value: heads, ms }`. */
  waitFinalized(names, number, opts) {
    return this.waitFor(`${names.join(', ')} finalize #${number}`, async () => {
      const h = await this.heads(names);
      return names.every((n) => h[n] && h[n].finalized >= number) ? h : null;
    }, opts);
  }

  /** Asserts-by-throwing that each `[number, hash]` checkpoint is canonical on every node in `names`. */
  async checkCheckpoints(checkpoints, names = NAMES) {
    for (const [number, hash] of checkpoints) {
      for (const n of names) {
        const got = await this.hashAt(n, number);
        if (got !== hash) throw new Error(`finalized block #${number} ${hash} lost on ${n}: it now has ${got}`);
      }
    }
  }
}
