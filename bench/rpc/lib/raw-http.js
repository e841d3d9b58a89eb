// A minimal HTTP/1.1 keep-alive client for the load threads, on plain TCP sockets: each request is a
// pre-encoded buffer (request line, headers and JSON body, built once per distinct call) written
// to an idle connection, and each answer is read up to its Content-Length. One request in flight
// per connection (no pipelining); when every connection is busy, requests wait in FIFO order.
//
// Why not node:http: on this 2-core machine the load generator shares the CPU with the node, and
// node:http costs several times what the node spends on a cheap call. Measured here with
// `system_chain` at concurrency 16: node:http about 130 µs of client CPU per request (7,000 req/s,
// the client the limit), this client about 20 µs (26,000 req/s, as much as the node itself
// spends), so the client's own cost would otherwise be a large part of what is measured. This client does only what the benchmark needs: one host,
// POST, `Content-Length` answers (what the node's jsonrpsee server sends). Anything else
// (chunked answers, a closed connection mid-answer) is reported as an error, never guessed.
import net from 'node:net';

/** The wire bytes of a POST of `json` (a Buffer) to `url`. */
export function encodeRequest(url, json) {
  const u = new URL(url);
  const head = `POST ${u.pathname || '/'} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${json.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), json]);
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

class Connection {
  constructor(host, port, onIdle, onGone) {
    this.busy = null; // the callback of the request in flight
    this.onIdle = onIdle;
    this.onGone = onGone;
    this.reset();
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (d) => this.data(d));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  reset() {
    this.chunks = [];
    this.have = 0;
    this.bodyStart = -1;
    this.need = -1;
    this.status = 0;
  }

  send(wire, done) {
    this.busy = done;
    this.reset();
    this.socket.write(wire);
  }

  data(d) {
    if (!this.busy) { this.fail(new Error('data without a request')); return; }
    this.chunks.push(d);
    this.have += d.length;
    if (this.bodyStart < 0) {
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [all];
      const end = all.indexOf(CRLFCRLF);
      if (end < 0) return;
      const head = all.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) { this.fail(new Error(`answer without Content-Length: ${head.slice(0, 120)}`)); return; }
      this.bodyStart = end + 4;
      this.need = this.bodyStart + Number(m[1]);
    }
    if (this.have < this.need) return;
    if (this.have > this.need) { this.fail(new Error('more bytes than Content-Length')); return; }
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const text = all.toString('utf8', this.bodyStart);
    const done = this.busy;
    const status = this.status;
    this.busy = null;
    this.reset();
    done(status === 200 ? null : new Error(`HTTP ${status}: ${text.slice(0, 200)}`), text);
    this.onIdle(this);
  }

  fail(e) {
    if (this.gone) return;
    this.gone = true;
    this.socket.destroy();
    const done = this.busy;
    this.busy = null;
    this.onGone(this);
    if (done) done(e);
  }

  close() {
    this.gone = true;
    this.socket.destroy();
  }
}

/** Up to `max` keep-alive connections to `url`, opened on demand. */
export class RawPool {
  constructor(url, max) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.max = max;
    this.idle = [];
    this.all = new Set();
    this.queue = [];
    this.qHead = 0;
  }

  /** Sends `wire` (from encodeRequest); `done(err, text)` with the answer's body. */
  post(wire, done) {
    const conn = this.idle.pop() || (this.all.size < this.max ? this.open() : null);
    if (conn) conn.send(wire, done);
    else this.queue.push([wire, done]);
  }

  open() {
    const conn = new Connection(this.host, this.port, (c) => this.release(c), (c) => {
      this.all.delete(c);
      this.idle = this.idle.filter((x) => x !== c);
      // A queued request takes a fresh connection rather than waiting forever.
      if (this.qHead < this.queue.length && this.all.size < this.max) this.release(this.open());
    });
    this.all.add(conn);
    return conn;
  }

  release(conn) {
    if (this.qHead < this.queue.length) {
      const [wire, done] = this.queue[this.qHead];
      this.queue[this.qHead++] = undefined;
      if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) { this.queue = this.queue.slice(this.qHead); this.qHead = 0; }
      conn.send(wire, done);
    } else {
      this.idle.push(conn);
    }
  }

  destroy() {
    for (const c of this.all) c.close();
    this.all.clear();
    this.idle = [];
  }
}
