// A JSON-RPC 2.0 client over one WebSocket: the node's `provenance_*`, `royalties_*` and standard
// methods, called by name. No wallet, no metadata download: the explorer only reads.

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** A node error (JSON-RPC `error`), with the node's message. */
export class RpcError extends Error {}

export class Rpc {
  private socket: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(readonly url: string) {}

  private open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    if (this.opening) return this.opening;
    this.opening = new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      socket.onopen = () => { this.socket = socket; this.opening = undefined; resolve(socket); };
      socket.onerror = () => { this.opening = undefined; reject(new Error(`cannot reach the node at ${this.url}`)); };
      socket.onclose = () => {
        this.socket = undefined;
        for (const [, p] of this.pending) p.reject(new Error(`the connection to ${this.url} closed`));
        this.pending.clear();
      };
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data));
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.error) waiting.reject(new RpcError(message.error.message ?? JSON.stringify(message.error)));
        else waiting.resolve(message.result);
      };
    });
    return this.opening;
  }

  /** Calls `method` with positional `params`; rejects with the node's error message. */
  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const socket = await this.open();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }
}
