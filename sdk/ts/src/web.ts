// @stegos/sdk for the browser: the contract's types and constants, the
// errors, the amount helpers and WebClient (the browser's WebSocket with
// the token in an auth message). No Node module is imported: the node's web
// wallet loads this file compiled to ES modules (npm run build:web writes
// internal/webui/static/ui/sdk/, which is committed).

export * from "./types.js";
export * from "./bus.js";
export * from "./chat.js";
export * from "./errors.js";
export * from "./amount.js";
export * from "./webamount.js";
export { DefaultTimeoutMs, StegosApi, type AccountRef, type CallOptions, type Params } from "./api.js";
export { SocketApi, type AccountFilter, type Unsubscribe } from "./rpcsocket.js";
export * from "./webclient.js";
