// Plain HTTP JSON-RPC: one POST per call on keep-alive connections (the node serves HTTP and
// WebSocket on the same --rpc-port). No polkadot.js on this path: the body is a pre-built JSON
// string and the answer is checked as text, so the client stays cheap next to the node.
import http from 'node:http';

/** A keep-alive agent holding at most `sockets` connections (one request in flight on each). */
export function keepAliveAgent(sockets) {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: 'fifo' });
}

/** The request body of `method(params)`, ready to send. */
export function body(method, params) {
  return Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
}

/**
 * POSTs `payload` (a Buffer from `body`) to `url` through `agent`; calls `done(err, text)` with the
 * raw response text once it has fully arrived.
 */
export function post(url, agent, payload, done) {
  const req = http.request(url, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': payload.length },
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const text = chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString();
      if (res.statusCode !== 200) done(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`), text);
      else done(null, text);
    });
    res.on('error', (e) => done(e));
  });
  req.on('error', (e) => done(e));
  req.end(payload);
}

/**
 * Classifies a JSON-RPC answer without parsing it all (a depth-100 lineage is hundreds of KB):
 * null when it carries a non-null `result`, else a short description of what came back.
 */
export function answerProblem(text) {
  const head = text.slice(0, 80);
  const r = head.indexOf('"result":');
  if (r >= 0) return head.startsWith('null', r + 9) ? 'result null' : null;
  const e = text.indexOf('"error":');
  return e >= 0 ? `error ${text.slice(e + 8, e + 160)}` : `unexpected answer ${head}`;
}

const defaultAgent = keepAliveAgent(4);

/** One call, parsed: resolves with `result`, rejects on a JSON-RPC or transport error. */
export function call(url, method, params) {
  return new Promise((resolve, reject) => {
    post(url, defaultAgent, body(method, params), (err, text) => {
      if (err) return reject(new Error(`${method}: ${err.message}`));
      const m = JSON.parse(text);
      if (m.error) reject(new Error(`${method}: ${m.error.code} ${m.error.message}`));
      else resolve(m.result);
    });
  });
}

export function closeDefault() {
  defaultAgent.destroy();
}
