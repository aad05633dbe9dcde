export * from "./types.js";
export * from "./bus.js";
export * from "./chat.js";
export * from "./errors.js";
export * from "./amount.js";
export * from "./webamount.js";
export { DefaultTimeoutMs, StegosApi, type AccountRef, type CallOptions, type Params } from "./api.js";
export { SocketApi, type AccountFilter, type Unsubscribe } from "./rpcsocket.js";
export * from "./webclient.js";
