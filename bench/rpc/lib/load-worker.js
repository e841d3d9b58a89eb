// One load thread of load.js: runs its share of a scenario against the node over plain HTTP
// JSON-RPC and sends back the latency of every request measured in the window.
//
// Closed loop ("concurrency c"): c keep-alive connections, each sending its next request as soon as
// the previous answer has fully arrived. Open loop ("rate r"): requests are due at a fixed rate r,
// whether or not earlier ones were answered, over up to `connections` keep-alive connections (the
// client queues a request when all are busy: that wait counts in its latency). The pump wakes on a
// 1 ms timer and sends every request that has become due (so arrivals come in bursts of about
// r/1000); how late each send was against its schedule is reported as the send lag. When more than
// half a second's worth of requests is outstanding the node cannot keep up with the offered rate:
// requests falling due then are not sent but counted as shed, which bounds the backlog (and the
// time to drain it) and shows in the achieved rate.
//
// Requests go through lib/raw-http.js (default) or node:http with a keep-alive agent
// (`client: 'http'`, to cross-check the lean client). Latency = from handing the request to the
// client (its send, or its queue when every connection is busy) to the last byte of the answer, in ms
// (performance.now()). Only requests sent inside the measuring window count (after `warmupMs`,
// for `durationMs`); those still in flight when it closes are awaited and counted. The achieved
// rate counts the answers that arrived inside the window.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, post, answerProblem } from './http-rpc.js';
import { RawPool, encodeRequest } from './raw-http.js';

const { url } = workerData;

function run(task) {
  const raw = task.client !== 'http';
  const bodies = task.bodies.map((b) => (raw ? encodeRequest(url, Buffer.from(b)) : Buffer.from(b)));
  const pick = () => bodies[bodies.length === 1 ? 0 : Math.floor(Math.random() * bodies.length)];
  const sockets = task.mode === 'closed' ? task.concurrency : task.connections;
  const pool = raw ? new RawPool(url, sockets) : keepAliveAgent(sockets);
  const request = raw ? (payload, done) => pool.post(payload, done) : (payload, done) => post(url, pool, payload, done);
  const tStart = performance.now() + (task.startAt - Date.now());
  const tFrom = tStart + task.warmupMs;
  const tEnd = tFrom + task.durationMs;
  const lat = [];
  const lag = [];
  const problems = new Map();
  let errors = 0;
  let shed = 0;
  let answered = 0;
  let inFlight = 0;
  let finished;
  const done = new Promise((r) => { finished = r; });

  const send = (scheduled, next) => {
    const t = performance.now();
    const counted = t >= tFrom && t < tEnd;
    if (counted && scheduled !== null) lag.push(t - scheduled);
    inFlight++;
    request(pick(), (err, text) => {
      const end = performance.now();
      const ms = end - t;
      inFlight--;
      const problem = err ? err.message : answerProblem(text);
      if (!problem && end >= tFrom && end < tEnd) answered++;
      if (counted) {
        if (problem) {
          errors++;
          problems.set(problem, (problems.get(problem) || 0) + 1);
        } else lat.push(ms);
      }
      next();
    });
  };
  // Done once the window has closed and nothing is in flight (checked on every answer, and at
  // the window's end in case the last answer came before it).
  const settle = () => {
    if (inFlight > 0) return;
    const now = performance.now();
    if (now >= tEnd) finished();
    else setTimeout(settle, tEnd - now + 1);
  };

  const begin = () => {
    if (task.mode === 'closed') {
      const loop = () => {
        if (performance.now() >= tEnd) { settle(); return; }
        send(null, loop);
      };
      for (let k = 0; k < task.concurrency; k++) loop();
    } else {
      const interval = 1000 / task.rate;
      const maxBacklog = Math.max(task.connections, Math.ceil(task.rate / 2));
      let i = 0;
      const pump = () => {
        const now = performance.now();
        while (i < 1e9) {
          const due = tStart + i * interval;
          if (due > now || due >= tEnd) break;
          if (inFlight < maxBacklog) send(due, settle);
          else if (due >= tFrom) shed++;
          i++;
        }
        if (tStart + i * interval >= tEnd) { settle(); return; }
        setTimeout(pump, 1);
      };
      pump();
    }
  };
  setTimeout(begin, Math.max(0, tStart - performance.now()));

  return done.then(() => {
    pool.destroy();
    return {
      lat: Float64Array.from(lat),
      lag: Float64Array.from(lag),
      errors,
      shed,
      answered,
      problems: [...problems.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3),
    };
  });
}

parentPort.on('message', async (task) => {
  if (task.exit) process.exit(0);
  try {
    const out = await run(task);
    parentPort.postMessage({ id: task.id, ...out }, [out.lat.buffer, out.lag.buffer]);
  } catch (e) {
    parentPort.postMessage({ id: task.id, error: e.stack || e.message });
  }
});
