// @stegos/sdk: a TypeScript client of the Stegos JSON-RPC 2.0 API.

export * from "./types.js";
export * from "./bus.js";
export * from "./chat.js";
export * from "./errors.js";
export * from "./paths.js";
export * from "./amount.js";
export * from "./client.js";
