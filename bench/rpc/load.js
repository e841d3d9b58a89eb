#!/usr/bin/env node
// Load generator of the RPC latency benchmark (issue #7, "Performance"). Runs as its own process,
// next to (never inside) the node, against a node that populate.js has filled.
//
// What it measures: the latency (p50/p90/p99/p99.9/max) and the achieved rate of JSON-RPC calls,
// each a plain HTTP POST on a keep-alive connection to the node's --rpc-port, over a fixed
// window per scenario (after a short warm-up that is not counted):
//   - provenance_getModel(random model id), closed loop at each --concurrency (1, 4, 16, 64):
//     that many connections, each with one request in flight;
//   - provenance_getModel, open loop at each --rates (1000, 2500, 5000 req/s offered): the p99 at
//     a given offered rate, which is what the issue's "p99 <= 2 ms at >= 5,000 req/s" asks;
//   - provenance_lineage(random depth-`depth` model, max_depth = depth), closed loop at each
//     --lineage-concurrency (1, 4);
//   - three references at concurrency 16, to split getModel's cost between the RPC server, the
//     storage read, the runtime API call and provenance-rpc's JSON: `system_chain` (the RPC server
//     alone: HTTP, JSON, jsonrpsee; no runtime, no storage), `state_getStorage` of a random
//     model's record (the bytes getModel reads, without a runtime call) and
//     `state_call("ProvenanceApi_model", id)` (getModel's runtime call, SCALE in and out); and
//     after the lineage rows, `state_call("ProvenanceApi_lineage", ..)` at concurrency 1 (the
//     lineage's runtime walk without the JSON conversion).
// The load is spread over --workers threads (lib/load-worker.js) so that one JS thread is not the
// limit, each on a lean keep-alive HTTP client (lib/raw-http.js); the client's own CPU is reported next to the node's so a saturated client shows.
// The node's CPU (and its busiest threads) comes from /proc/<--node-pid> over each window, the
// machine's load average and running compilers from /proc.
//
//   node load.js --http http://127.0.0.1:9944 --graph graph.json --node-pid 1234 --out results.json
//   options: --duration 15 --warmup 2 --workers 2 --concurrency 1,4,16,64 --rates 1000,2500,5000
//            --lineage-concurrency 1,4 --connections 64 --scenarios ref,model,open,lineage
//            --client raw|http (lib/raw-http.js, default, or node:http with a keep-alive agent)
//            --deadline <epoch ms>
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { cpus, loadavg, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { sampleProcess, sampleThreads, competingBuilds, CLK_TCK } from '../throughput/lib/proc.js';
import { body, call as rpc, closeDefault } from './lib/http-rpc.js';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const list = (s) => String(s).split(',').filter(Boolean).map(Number);
const GRAPH = JSON.parse(readFileSync(opt('graph', 'graph.json'), 'utf8'));
const RPC_URL = opt('http', GRAPH.http);
const NODE_PID = Number(opt('node-pid', 0));
const OUT = opt('out', 'rpc-results.json');
const DURATION = Number(opt('duration', 15));
const WARMUP = Number(opt('warmup', 2));
const WORKERS = Number(opt('workers', 2));
const CONCURRENCY = list(opt('concurrency', '1,4,16,64'));
const RATES = list(opt('rates', '1000,2500,5000'));
const LINEAGE_CONCURRENCY = list(opt('lineage-concurrency', '1,4'));
const CONNECTIONS = Number(opt('connections', 64));
const CLIENT = opt('client', 'raw');
const GROUPS = opt('scenarios', 'ref,model,open,lineage').split(',');
const DEADLINE = Number(opt('deadline', Date.now() + 8 * 60_000));
const t0 = Date.now();
const log = (...a) => console.log(`[load ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`, ...a);

// ------------------------------------------------------------------------------------------------
// Scenarios: request bodies are built once; each request picks one at random.
// ------------------------------------------------------------------------------------------------
const modelIds = Array.from({ length: GRAPH.models.count }, (_, i) => GRAPH.models.first + i);
const depth = GRAPH.models.depth;
const bodies = {
  chain: [body('system_chain', [])],
  storage: GRAPH.modelStorageKeys.map((k) => body('state_getStorage', [k])),
  model: modelIds.map((id) => body('provenance_getModel', [id])),
  // The same runtime API call as getModel through the generic `state_call` (SCALE u64 argument,
  // SCALE answer): the runtime execution without provenance-rpc's JSON conversion.
  stateCall: modelIds.map((id) => {
    const arg = Buffer.alloc(8);
    arg.writeBigUInt64LE(BigInt(id));
    return body('state_call', ['ProvenanceApi_model', `0x${arg.toString('hex')}`]);
  }),
  lineage: GRAPH.deepest.map((id) => body('provenance_lineage', [id, depth])),
  // The lineage's runtime call through `state_call`: (model_id u64, max_depth u32, max_nodes u32),
  // max_nodes = the RPC server's limit (10,000, docs/RPC.md).
  lineageCall: GRAPH.deepest.map((id) => {
    const arg = Buffer.alloc(16);
    arg.writeBigUInt64LE(BigInt(id));
    arg.writeUInt32LE(depth, 8);
    arg.writeUInt32LE(10_000, 12);
    return body('state_call', ['ProvenanceApi_lineage', `0x${arg.toString('hex')}`]);
  }),
};

function scenarios() {
  const out = [];
  if (GROUPS.includes('ref')) {
    out.push({ group: 'ref', label: 'system_chain (RPC server only)', method: 'system_chain', bodies: 'chain', mode: 'closed', concurrency: 16 });
    out.push({ group: 'ref', label: 'state_getStorage(model record)', method: 'state_getStorage', bodies: 'storage', mode: 'closed', concurrency: 16 });
    out.push({ group: 'ref', label: 'state_call(ProvenanceApi_model)', method: 'state_call', bodies: 'stateCall', mode: 'closed', concurrency: 16 });
  }
  if (GROUPS.includes('model')) {
    for (const c of CONCURRENCY) out.push({ group: 'model', label: 'provenance_getModel', method: 'provenance_getModel', bodies: 'model', mode: 'closed', concurrency: c });
  }
  if (GROUPS.includes('open')) {
    for (const r of RATES) out.push({ group: 'open', label: 'provenance_getModel', method: 'provenance_getModel', bodies: 'model', mode: 'open', rate: r });
  }
  if (GROUPS.includes('lineage')) {
    for (const c of LINEAGE_CONCURRENCY) out.push({ group: 'lineage', label: `provenance_lineage (max_depth ${depth})`, method: 'provenance_lineage', bodies: 'lineage', mode: 'closed', concurrency: c });
    out.push({ group: 'ref', label: 'state_call(ProvenanceApi_lineage)', method: 'state_call', bodies: 'lineageCall', mode: 'closed', concurrency: 1 });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Load threads
// ------------------------------------------------------------------------------------------------
const workers = [];
let nextTask = 1;

function startWorkers() {
  for (let w = 0; w < WORKERS; w++) {
    const worker = new Worker(new URL('./lib/load-worker.js', import.meta.url), { workerData: { url: RPC_URL } });
    const pending = new Map();
    worker.on('message', (m) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error)); else p.resolve(m);
    });
    worker.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
    workers.push({ worker, pending });
  }
}

/** Splits `n` as evenly as possible over the load threads (no zero shares). */
function shares(n) {
  const k = Math.min(WORKERS, n);
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

function runOnWorkers(s) {
  const startAt = Date.now() + 100;
  const common = { client: CLIENT, bodies: bodies[s.bodies].map((b) => b.toString()), mode: s.mode, startAt, warmupMs: WARMUP * 1000, durationMs: DURATION * 1000 };
  let tasks;
  if (s.mode === 'closed') {
    tasks = shares(s.concurrency).map((c) => ({ ...common, concurrency: c }));
  } else {
    const conns = shares(CONNECTIONS);
    tasks = conns.map((c) => ({ ...common, rate: s.rate / conns.length, connections: c }));
  }
  return Promise.all(tasks.map((task, w) => new Promise((resolve, reject) => {
    const id = nextTask++;
    workers[w].pending.set(id, { resolve, reject });
    workers[w].worker.postMessage({ ...task, id });
  })));
}

// ------------------------------------------------------------------------------------------------
// Figures
// ------------------------------------------------------------------------------------------------
function percentiles(arr) {
  if (arr.length === 0) return null;
  const a = Float64Array.from(arr).sort();
  const q = (p) => a[Math.min(a.length - 1, Math.max(0, Math.ceil(p * a.length) - 1))];
  let sum = 0;
  for (const x of a) sum += x;
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: a[a.length - 1], mean: sum / a.length };
}

function concat(parts) {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function snapshot() {
  return { t: Date.now(), proc: sampleProcess(NODE_PID), threads: sampleThreads(NODE_PID), client: process.cpuUsage(), load: loadavg()[0], builds: competingBuilds() };
}

function cpuBetween(a, b) {
  const wall = (b.t - a.t) / 1000;
  const node = a.proc && b.proc ? ((b.proc.ticks - a.proc.ticks) / CLK_TCK / wall) * 100 : null;
  const client = ((b.client.user + b.client.system - a.client.user - a.client.system) / 1e6 / wall) * 100;
  const threads = Object.entries(b.threads)
    .map(([name, ticks]) => [name, Math.round(((ticks - (a.threads[name] || 0)) / CLK_TCK / wall) * 100)])
    .filter(([, pct]) => pct > 0).sort((x, y) => y[1] - x[1]).slice(0, 4);
  return { node, client, threads, rssMiB: b.proc ? b.proc.rssKb / 1024 : null };
}

async function runScenario(s) {
  const before = snapshot();
  const outs = await runOnWorkers(s);
  const after = snapshot();
  const lat = concat(outs.map((o) => o.lat));
  const lag = concat(outs.map((o) => o.lag));
  const errors = outs.reduce((n, o) => n + o.errors, 0);
  const shed = outs.reduce((n, o) => n + o.shed, 0);
  const answered = outs.reduce((n, o) => n + o.answered, 0);
  const problems = outs.flatMap((o) => o.problems);
  // CPU over the whole scenario including its warm-up (the window is most of it).
  const cpu = cpuBetween(before, after);
  const res = {
    ...s, bodies: undefined, workers: s.mode === 'closed' ? Math.min(WORKERS, s.concurrency) : Math.min(WORKERS, CONNECTIONS),
    connections: s.mode === 'closed' ? s.concurrency : CONNECTIONS,
    seconds: DURATION, ok: lat.length, errors, problems, shed: s.mode === 'open' ? shed : undefined,
    perSecond: answered / DURATION,
    latencyMs: percentiles(lat),
    sendLagMs: s.mode === 'open' ? percentiles(lag) : undefined,
    nodeCpu: cpu.node, clientCpu: cpu.client, nodeThreads: cpu.threads, nodeRssMiB: cpu.rssMiB,
    load1: [before.load, after.load], builds: Math.max(before.builds, after.builds),
  };
  const l = res.latencyMs;
  const f = (x) => (x === undefined || x === null ? '—' : x.toFixed(2));
  log(`${s.label} ${s.mode === 'closed' ? `c=${s.concurrency}` : `offered ${s.rate}/s`}: ${res.perSecond.toFixed(0)} req/s, ` +
    `p50 ${f(l?.p50)} p90 ${f(l?.p90)} p99 ${f(l?.p99)} max ${f(l?.max)} ms` +
    `${res.sendLagMs ? ` (send lag p99 ${f(res.sendLagMs.p99)} ms, shed ${shed})` : ''}; errors ${errors}${problems.length ? ` (${problems[0][1]}x ${problems[0][0]})` : ''}; ` +
    `node CPU ${cpu.node?.toFixed(0)} % [${cpu.threads.map(([n, p]) => `${n} ${p}`).join(', ')}], client CPU ${cpu.client.toFixed(0)} %, load ${after.load.toFixed(2)}, compilers ${res.builds}`);
  return res;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
const sh = (cmd) => { try { return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; } };

async function main() {
  // The node answers and the graph is there.
  const probe = await rpc(RPC_URL, 'provenance_getModel', [GRAPH.deepest[0]]);
  if (!probe) throw new Error(`model ${GRAPH.deepest[0]} not found: populate first`);
  startWorkers();
  const plan = scenarios();
  const perScenario = WARMUP + DURATION + 1;
  log(`${plan.length} scenarios × ${DURATION} s (+${WARMUP} s warm-up) on ${WORKERS} load threads against ${RPC_URL}; ` +
    `about ${Math.round(plan.length * perScenario)} s`);
  const results = [];
  const idle = snapshot();
  await new Promise((r) => setTimeout(r, 2000));
  const idleCpu = cpuBetween(idle, snapshot());
  log(`idle node CPU ${idleCpu.node?.toFixed(1)} %, load ${loadavg()[0].toFixed(2)}`);
  for (const s of plan) {
    if (Date.now() + perScenario * 1000 > DEADLINE) {
      log(`skipping ${s.label} ${s.concurrency ?? s.rate}: out of time`);
      results.push({ ...s, bodies: undefined, skipped: true });
      continue;
    }
    results.push(await runScenario(s));
    write(results, idleCpu);
  }
  write(results, idleCpu);
  for (const { worker } of workers) worker.postMessage({ exit: true });
  closeDefault();
  log(`done -> ${OUT}`);
}

function write(results, idleCpu) {
  writeFileSync(OUT, JSON.stringify({
    startedAt: new Date(t0).toISOString(), seconds: (Date.now() - t0) / 1000,
    machine: {
      cpu: (sh("grep -m1 'model name' /proc/cpuinfo").split(':')[1] || cpus()[0]?.model || '').trim(),
      nproc: Number(sh('nproc')) || cpus().length, memGiB: Math.round(totalmem() / 2 ** 30),
    },
    url: RPC_URL, client: CLIENT, durationSeconds: DURATION, warmupSeconds: WARMUP, workers: WORKERS, openConnections: CONNECTIONS,
    idleNodeCpu: idleCpu.node,
    graph: { datasets: GRAPH.datasets, models: { ...GRAPH.models, generations: undefined }, deepest: GRAPH.deepest.length, lineage: GRAPH.lineage, populateSeconds: GRAPH.seconds },
    scenarios: results,
  }, null, 1));
}

main().then(() => process.exit(0), (e) => { console.error(`load failed: ${e.stack || e.message}`); process.exit(1); });
