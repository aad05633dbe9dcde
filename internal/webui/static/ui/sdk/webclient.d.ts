import { SocketApi } from "./rpcsocket.js";
/** The part of the standard (WHATWG) WebSocket that WebClient uses. */
export interface WebSocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    addEventListener(type: "open" | "error", listener: (ev: unknown) => void): void;
    addEventListener(type: "message", listener: (ev: {
        data: unknown;
    }) => void): void;
    addEventListener(type: "close", listener: (ev: {
        code: number;
        reason: string;
    }) => void): void;
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
/**
 * The WebSocket URL of the API that served the page: the node serves its
 * web wallet and its API on the same address (ws: for http:, wss: for
 * https:).
 */
export declare function webSocketURL(loc?: {
    protocol: string;
    host: string;
}): string;
/**
 * A client over the browser's WebSocket: the typed calls of StegosApi,
 * subscriptions (onBalance, onTxStatus, onNewBlock, onSync) and close(),
 * as StegosClient has them in Node. There is no automatic reconnection:
 * after the connection closes every call fails; `onClose` tells when, and
 * the page connects a new client (and subscribes again: events sent in
 * between are lost, so it re-reads the state).
 */
export declare class WebClient extends SocketApi {
    private readonly ws;
    private readonly closedPromise;
    private constructor();
    /**
     * Opens a WebSocket to the node and authenticates with an `auth` call.
     * Rejects with a StegosError (code -32001, with the node's reason as the
     * message) when the token is wrong, and with a StegosTransportError when
     * the node cannot be reached (a browser does not tell why an upgrade
     * failed: a node that is down, a refused origin and a rate limit look
     * the same).
     */
    static connect(opts: WebConnectOptions): Promise<WebClient>;
    private closeReason;
    protected handleClose(code: number, reason: string): void;
    protected sendText(text: string, onError: (err: Error) => void): void;
    /**
     * Closes the connection; calls still waiting fail. Resolves when the
     * socket has closed, or after `timeoutMs` (a browser cannot cut a socket
     * whose close handshake does not finish: it then closes it by itself).
     */
    close(timeoutMs?: number): Promise<void>;
}
