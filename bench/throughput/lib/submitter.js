// Submits pre-signed extrinsics over plain JSON-RPC (`author_submitExtrinsic`), pipelined over a few
// WebSocket connections: no polkadot.js decoding on the hot path, only JSON strings.
import { WebSocket } from '@polkadot/x-ws';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Submitter {
  /** `connections` sockets, each with at most `inflight` requests awaiting their answer. */
  constructor(url, { connections = 4, inflight = 256 } = {}) {
    this.url = url;
    this.connections = connections;
    this.inflight = inflight;
    this.sockets = [];
  }

  async open() {
    for (let i = 0; i < this.connections; i++) {
      const ws = new WebSocket(this.url);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = (e) => reject(new Error(`websocket ${this.url}: ${e.message || e.type}`));
      });
      const sock = { ws, pending: new Map(), nextId: 1 };
      ws.onmessage = (msg) => this.#onMessage(sock, msg.data);
      ws.onerror = () => {};
      ws.onclose = () => { sock.closed = true; };
      this.sockets.push(sock);
    }
  }

  close() {
    for (const s of this.sockets) { try { s.ws.close(); } catch { /* closed */ } }
    this.sockets = [];
  }

  #onMessage(sock, data) {
    const text = typeof data === 'string' ? data : data.toString();
    const msgs = text.startsWith('[') ? JSON.parse(text) : [JSON.parse(text)];
    for (const m of msgs) {
      const cb = sock.pending.get(m.id);
      if (!cb) continue;
      sock.pending.delete(m.id);
      cb(m);
    }
  }

  /**
   * Sends `hexes[from..]` in order, as fast as the node answers, while `gate(sentSoFar)` allows and until
   * `stop()` says so. `onAnswer(index, error|null)` is called for each answer. Resolves with the
   * index of the first extrinsic not sent once every sent one is answered.
   */
  async run(hexes, { gate = () => true, stop = () => false, onAnswer = () => {} } = {}) {
    let next = 0;
    let waiting = 0;
    let wake;
    const kick = () => { if (wake) { const w = wake; wake = undefined; w(); } };
    const send = (sock, index) => {
      const id = sock.nextId++;
      waiting++;
      sock.pending.set(id, (m) => {
        waiting--;
        onAnswer(index, m.error ? `${m.error.code}: ${m.error.message}${m.error.data ? ` (${m.error.data})` : ''}` : null);
        kick();
      });
      sock.ws.send(`{"jsonrpc":"2.0","id":${id},"method":"author_submitExtrinsic","params":["${hexes[index]}"]}`);
    };
    while (true) {
      if (stop() || next >= hexes.length) break;
      let sent = false;
      if (gate(next)) {
        for (const sock of this.sockets) {
          while (!sock.closed && sock.pending.size < this.inflight && next < hexes.length && gate(next) && !stop()) {
            send(sock, next++);
            sent = true;
          }
        }
      }
      if (this.sockets.every((s) => s.closed)) throw new Error('every submission socket closed');
      if (!sent) {
        // Wait for an answer or, when throttled, re-check the gate a little later.
        await Promise.race([new Promise((r) => { wake = r; }), sleep(20)]);
      } else {
        await new Promise((r) => setImmediate(r));
      }
    }
    const deadline = Date.now() + 60_000;
    while (waiting > 0 && Date.now() < deadline) await sleep(20);
    return next;
  }
}
