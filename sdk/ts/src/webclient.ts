// WebClient: the API from a web page, over the browser's own WebSocket. A
// page cannot set an Authorization header on a WebSocket, so the client
// sends the token in an `auth` call as its first message; the node closes
// the socket with status 1008 when the token is wrong. It imports no Node
// module: the web wallet loads its compiled form (web.ts) as ES modules.

import { DefaultTimeoutMs } from "./api.js";
import { StegosError, StegosTransportError } from "./errors.js";
import { SocketApi } from "./rpcsocket.js";
import { CodeUnauthorized, MethodAuth } from "./types.js";

/** The part of the standard (WHATWG) WebSocket that WebClient uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "error", listener: (ev: unknown) => void): void;
  addEventListener(type: "message", listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (ev: { code: number; reason: string }) => void): void;
}

/** A constructor of standard WebSockets: the browser's global WebSocket. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of WebClient.connect. */
export interface WebConnectOptions {
  /** The API token (64 hex digits), sent in the first message, never in the URL. */
  token: string;
  /** ws:// or wss:// URL of the API; by default the page's own origin (webSocketURL()). */
  url?: string;
  /** Per-call timeout in ms (default 30 s); 0 waits forever. */
  timeoutMs?: number;
  /** How long to wait for the connection to open and authenticate (default 10 s). */
  connectTimeoutMs?: number;
  /** The WebSocket implementation; the global WebSocket by default. */
  WebSocket?: WebSocketConstructor;
}

const wsOpen = 1;
const wsClosed = 3;

/**
 * The WebSocket URL of the API that served the page: the node serves its
 * web wallet and its API on the same address (ws: for http:, wss: for
 * https:).
 */
export function webSocketURL(loc?: { protocol: string; host: string }): string {
  const l = loc ?? (globalThis as { location?: { protocol: string; host: string } }).location;
  if (!l) {
    throw new StegosTransportError("no page location to derive the API's URL from: pass url");
  }
  return `${l.protocol === "https:" ? "wss" : "ws"}://${l.host}/`;
}

/**
 * A client over the browser's WebSocket: the typed calls of StegosApi,
 * subscriptions (onBalance, onTxStatus, onNewBlock, onSync) and close(),
 * as StegosClient has them in Node. There is no automatic reconnection:
 * after the connection closes every call fails; `onClose` tells when, and
 * the page connects a new client (and subscribes again: events sent in
 * between are lost, so it re-reads the state).
 */
export class WebClient extends SocketApi {
  private readonly ws: WebSocketLike;
  private readonly closedPromise: Promise<void>;

  private constructor(url: string, ws: WebSocketLike, timeoutMs: number) {
    super(url, timeoutMs);
    this.ws = ws;
    this.closedPromise = new Promise((resolve) => {
      ws.addEventListener("close", (ev) => {
        this.handleClose(ev.code, ev.reason);
        resolve();
      });
    });
    ws.addEventListener("message", (ev) => {
      if (typeof ev.data === "string") this.handleText(ev.data);
    });
    ws.addEventListener("error", () => {
      this.handleSocketError(new StegosTransportError(`WebSocket error on ${url}`));
    });
  }

  /**
   * Opens a WebSocket to the node and authenticates with an `auth` call.
   * Rejects with a StegosError (code -32001, with the node's reason as the
   * message) when the token is wrong, and with a StegosTransportError when
   * the node cannot be reached (a browser does not tell why an upgrade
   * failed: a node that is down, a refused origin and a rate limit look
   * the same).
   */
  static async connect(opts: WebConnectOptions): Promise<WebClient> {
    const url = opts.url ?? webSocketURL();
    const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    const Ctor =
      opts.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) {
      throw new StegosTransportError("this environment has no WebSocket: pass one in opts.WebSocket");
    }
    const ws = new Ctor(url);
    await waitOpen(ws, url, connectTimeoutMs);
    const client = new WebClient(url, ws, opts.timeoutMs ?? DefaultTimeoutMs);
    try {
      await client.call(MethodAuth, { token: opts.token }, { timeoutMs: connectTimeoutMs });
    } catch (e) {
      const reason = client.closeReason;
      ws.close();
      // The node closes the socket with 1008 (policy violation) instead of
      // answering a wrong token; its reason is the message.
      if (e instanceof StegosTransportError && client.closeCode === 1008) {
        throw new StegosError(CodeUnauthorized, reason || "missing or wrong API token");
      }
      throw e;
    }
    return client;
  }

  private closeReason = "";

  protected override handleClose(code: number, reason: string): void {
    this.closeReason = reason;
    super.handleClose(code, reason);
  }

  protected sendText(text: string, onError: (err: Error) => void): void {
    if (this.ws.readyState !== wsOpen) {
      onError(new StegosTransportError("the WebSocket is not open"));
      return;
    }
    try {
      this.ws.send(text);
    } catch (e) {
      onError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Closes the connection; calls still waiting fail. Resolves when the
   * socket has closed, or after `timeoutMs` (a browser cannot cut a socket
   * whose close handshake does not finish: it then closes it by itself).
   */
  async close(timeoutMs = 2_000): Promise<void> {
    if (this.ws.readyState !== wsClosed) this.ws.close(1000, "client closed");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.race([this.closedPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Waits for ws to open, for at most timeoutMs. */
function waitOpen(ws: WebSocketLike, url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => {
      settle(new StegosTransportError(`cannot connect to ${url}: no answer within ${timeoutMs} ms`));
      ws.close();
    }, timeoutMs);
    ws.addEventListener("open", () => settle());
    // A failed connection fires error, then close with the code: the close
    // settles (and a WebSocket without an error listener may throw).
    ws.addEventListener("error", () => undefined);
    ws.addEventListener("close", (ev) => {
      settle(new StegosTransportError(`cannot connect to ${url}: the connection failed (code ${ev.code})`));
    });
  });
}
