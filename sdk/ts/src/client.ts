// The Node clients of the Stegos JSON-RPC 2.0 API: StegosClient over
// WebSocket (calls and subscriptions, package ws) and HttpClient over HTTP
// POST (calls only). Both share the typed method surface of StegosApi
// (api.ts); StegosClient the WebSocket session of SocketApi (rpcsocket.ts),
// as the browser's WebClient (webclient.ts) does.

import WebSocket from "ws";

import { StegosError, StegosTimeoutError, StegosTransportError, isRPCErrorObject } from "./errors.js";
import { resolveToken } from "./paths.js";
import { DefaultTimeoutMs, StegosApi, type CallOptions, type Params } from "./api.js";
import { SocketApi } from "./rpcsocket.js";
import { CodeUnauthorized, DefaultAddr, MethodAuth } from "./types.js";

export {
  DefaultTimeoutMs,
  StegosApi,
  type AccountRef,
  type CallOptions,
  type Params,
} from "./api.js";
export { SocketApi, type AccountFilter, type Unsubscribe } from "./rpcsocket.js";

/** The WebSocket URL of a node listening on the default address. */
export const DefaultWsUrl = `ws://${DefaultAddr}`;

/** The HTTP URL of a node listening on the default address. */
export const DefaultHttpUrl = `http://${DefaultAddr}`;

/** How the client finds its API token; the first given wins. */
export interface TokenOptions {
  /** The token itself. */
  token?: string;
  /** A file holding the token, such as <home>/api.token. */
  tokenFile?: string;
  /** A node home whose api.token to read. */
  home?: string;
  // With none of these, the client reads the first existing of
  // <default home>/api.token and <default home>/dev/api.token.
}

// ---------------------------------------------------------------------------
// WebSocket client.

/** Options of StegosClient.connect. */
export interface ConnectOptions extends TokenOptions {
  /** ws:// or wss:// URL of the API; ws://127.0.0.1:3145 by default. */
  url?: string;
  /** Per-call timeout in ms (default 30 s); 0 waits forever. */
  timeoutMs?: number;
  /** How long to wait for the connection to open and authenticate (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * "header" (default) sends "Authorization: Bearer <token>" on the
   * upgrade; "message" sends an auth call as the first message, as a
   * browser must.
   */
  auth?: "header" | "message";
  /** Largest message accepted from the node, in bytes (default 16 MiB). */
  maxPayload?: number;
}

/**
 * A client over one WebSocket: typed calls, subscriptions and close().
 * Calls on one connection are served by the node one after another.
 * There is no automatic reconnection: after the connection closes every
 * call fails; `onClose` tells when, and a new client can be connected.
 */
export class StegosClient extends SocketApi {
  private readonly ws: WebSocket;
  private readonly closedPromise: Promise<void>;

  private constructor(url: string, ws: WebSocket, timeoutMs: number) {
    super(url, timeoutMs);
    this.ws = ws;
    this.closedPromise = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.handleClose(code, reason.toString());
        resolve();
      });
    });
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      this.handleText(data.toString());
    });
    ws.on("error", (err) => {
      this.handleSocketError(err);
    });
  }

  /**
   * Opens a WebSocket to the node and authenticates. Rejects with a
   * StegosError (code -32001) when the token is wrong, and with a
   * StegosTransportError when the node cannot be reached.
   */
  static async connect(opts: ConnectOptions = {}): Promise<StegosClient> {
    const url = opts.url ?? DefaultWsUrl;
    const token = await resolveToken(opts);
    const mode = opts.auth ?? "header";
    const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    const ws = new WebSocket(url, {
      headers: mode === "header" ? { Authorization: `Bearer ${token}` } : {},
      maxPayload: opts.maxPayload ?? 16 << 20,
      handshakeTimeout: connectTimeoutMs,
    });
    await waitOpen(ws, url);
    const client = new StegosClient(url, ws, opts.timeoutMs ?? DefaultTimeoutMs);
    if (mode === "message") {
      try {
        await client.call(MethodAuth, { token }, { timeoutMs: connectTimeoutMs });
      } catch (e) {
        ws.terminate();
        // The node closes the socket with 1008 (policy violation) instead of
        // answering a wrong token.
        if (e instanceof StegosTransportError && client.closeCode === 1008) {
          throw new StegosError(CodeUnauthorized, `authentication failed: ${e.message}`);
        }
        throw e;
      }
    }
    return client;
  }

  protected sendText(text: string, onError: (err: Error) => void): void {
    this.ws.send(text, (err) => {
      if (err) onError(err);
    });
  }

  /**
   * Closes the connection; calls still waiting fail. Resolves when the
   * socket has closed (at most `timeoutMs` later, then it is cut).
   */
  async close(timeoutMs = 2_000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return this.closedPromise;
    this.ws.close(1000, "client closed");
    const timer = setTimeout(() => this.ws.terminate(), timeoutMs);
    try {
      await this.closedPromise;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Waits for ws to open; maps an HTTP refusal of the upgrade to the error the node sent. */
function waitOpen(ws: WebSocket, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      ws.off("open", onOpen);
      ws.off("error", onError);
      ws.off("unexpected-response", onResponse);
    };
    const onOpen = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new StegosTransportError(`cannot connect to ${url}: ${err.message}`, { cause: err }));
    };
    const onResponse = (_req: unknown, res: import("node:http").IncomingMessage) => {
      cleanup();
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", () => undefined);
      res.on("end", () => {
        // Aborting a handshake emits "error"; the refusal is the error to report.
        ws.on("error", () => undefined);
        ws.terminate();
        const body = Buffer.concat(chunks).toString();
        reject(errorFromHttp(res.statusCode ?? 0, body, `connect ${url}`));
      });
    };
    ws.on("open", onOpen);
    ws.on("error", onError);
    ws.on("unexpected-response", onResponse);
  });
}

/** The error of a non-2xx HTTP response: the JSON-RPC error in its body if it has one. */
function errorFromHttp(status: number, body: string, what: string): Error {
  try {
    const j = JSON.parse(body) as { error?: unknown };
    if (isRPCErrorObject(j.error)) {
      return StegosError.fromObject(j.error);
    }
  } catch {
    // not JSON
  }
  return new StegosTransportError(`${what}: HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}`);
}

// ---------------------------------------------------------------------------
// HTTP client.

/** Options of HttpClient. */
export interface HttpClientOptions extends TokenOptions {
  /** http:// or https:// URL of the API; http://127.0.0.1:3145 by default. */
  url?: string;
  /** Per-call timeout in ms (default 30 s); 0 waits forever. */
  timeoutMs?: number;
}

/**
 * A client over HTTP POST: the same typed calls as StegosClient, without
 * subscriptions (the node answers those with -32002). Each call is one
 * request; fetch keeps connections alive.
 */
export class HttpClient extends StegosApi {
  readonly url: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private nextId = 1;

  /** A client with a known token; see HttpClient.create to read it from a file. */
  constructor(opts: { url?: string; token: string; timeoutMs?: number }) {
    super();
    this.url = opts.url ?? DefaultHttpUrl;
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? DefaultTimeoutMs;
  }

  /** A client whose token comes from TokenOptions (token, tokenFile, home or the defaults). */
  static async create(opts: HttpClientOptions = {}): Promise<HttpClient> {
    const token = await resolveToken(opts);
    return new HttpClient({ url: opts.url, token, timeoutMs: opts.timeoutMs });
  }

  async call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T> {
    const id = this.nextId++;
    const timeoutMs = opts?.timeoutMs ?? this.timeoutMs;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params: params ?? {} }),
        signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
      });
    } catch (e) {
      if ((e as Error).name === "TimeoutError") {
        throw new StegosTimeoutError(method, timeoutMs);
      }
      const cause = (e as { cause?: { message?: string } }).cause;
      throw new StegosTransportError(`${method}: cannot reach ${this.url}: ${cause?.message ?? (e as Error).message}`, {
        cause: e,
      });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      if ((e as Error).name === "TimeoutError") {
        throw new StegosTimeoutError(method, timeoutMs);
      }
      throw new StegosTransportError(`${method}: reading the response: ${(e as Error).message}`, { cause: e });
    }
    let body: { result?: unknown; error?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw errorFromHttp(res.status, text, method);
    }
    if (body.error !== undefined) {
      if (isRPCErrorObject(body.error)) throw StegosError.fromObject(body.error, method);
      throw new StegosTransportError(`${method}: malformed error: ${JSON.stringify(body.error)}`);
    }
    if (!res.ok) {
      throw errorFromHttp(res.status, text, method);
    }
    return body.result as T;
  }
}
