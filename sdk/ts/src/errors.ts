import { CodeInvalidApp, CodePacketTooLarge } from "./bus.js";
import { CodeNotAllowed } from "./chat.js";
import {
  CodeAccountExists,
  CodeBusy,
  CodeAccountNotFound,
  CodeInsufficientFunds,
  CodeInvalidAddress,
  CodeInvalidParams,
  CodeInvalidPhrase,
  CodeInvalidProof,
  CodeLocked,
  CodeMethodNotFound,
  CodeNodeUnavailable,
  CodeNotFound,
  CodeRateLimited,
  CodeStaking,
  CodeSyncing,
  CodeTxRejected,
  CodeUnauthorized,
  CodeViewOnly,
  CodeWrongPassword,
  type InsufficientFundsData,
  type RPCErrorObject,
  type SyncStatus,
} from "./types.js";

/**
 * An error object the node sent: a JSON-RPC error with its code, message
 * and optional data. Branch on `code` (see the Code* constants) or use the
 * is* helpers below.
 */
export class StegosError<D = unknown> extends Error {
  override readonly name = "StegosError";
  /** The JSON-RPC error code. */
  readonly code: number;
  /** Optional structured detail, e.g. InsufficientFundsData for CodeInsufficientFunds. */
  readonly data: D | undefined;
  /** The method that failed, when known. */
  readonly method: string | undefined;

  constructor(code: number, message: string, data?: D, method?: string) {
    super(message);
    this.code = code;
    this.data = data;
    this.method = method;
  }

  /** Builds a StegosError from a JSON-RPC error object. */
  static fromObject(e: RPCErrorObject, method?: string): StegosError {
    return new StegosError(e.code, e.message, e.data, method);
  }

  override toString(): string {
    return `${this.name}: ${this.message} (code ${this.code})`;
  }
}

/**
 * A failure of the client or the connection rather than an answer of the
 * node: the socket closed, the node could not be reached, or an HTTP
 * response was not JSON-RPC.
 */
export class StegosTransportError extends Error {
  override readonly name: string = "StegosTransportError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A call that got no answer within its timeout. */
export class StegosTimeoutError extends StegosTransportError {
  override readonly name = "StegosTimeoutError";
  readonly method: string;
  readonly timeoutMs: number;
  constructor(method: string, timeoutMs: number) {
    super(`${method}: no answer within ${timeoutMs} ms`);
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** Reports whether e is a StegosError, optionally with the given code. */
export function isStegosError(e: unknown, code?: number): e is StegosError {
  return e instanceof StegosError && (code === undefined || e.code === code);
}

/** A missing or wrong API token (-32001). */
export const isUnauthorized = (e: unknown): e is StegosError => isStegosError(e, CodeUnauthorized);
/** No method of that name (-32601). */
export const isMethodNotFound = (e: unknown): e is StegosError => isStegosError(e, CodeMethodNotFound);
/** Params missing, unknown or of the wrong type (-32602). */
export const isInvalidParams = (e: unknown): e is StegosError => isStegosError(e, CodeInvalidParams);
/** Over the client's request rate (-32005); reconnecting does not reset it. */
export const isRateLimited = (e: unknown): e is StegosError => isStegosError(e, CodeRateLimited);
/** The server is running as many password checks as it allows at once (-32007): try again. */
export const isBusy = (e: unknown): e is StegosError => isStegosError(e, CodeBusy);
/** The password does not unlock the account (-32010). */
export const isWrongPassword = (e: unknown): e is StegosError => isStegosError(e, CodeWrongPassword);
/** The account must be unlocked first (-32011). */
export const isLocked = (e: unknown): e is StegosError => isStegosError(e, CodeLocked);
/** No account has this name or id (-32012). */
export const isAccountNotFound = (e: unknown): e is StegosError => isStegosError(e, CodeAccountNotFound);
/** An account with this name or these keys exists (-32013). */
export const isAccountExists = (e: unknown): e is StegosError => isStegosError(e, CodeAccountExists);
/** Available funds do not cover amount and fee (-32014); `data` tells how much is available and needed. */
export const isInsufficientFunds = (e: unknown): e is StegosError<InsufficientFundsData> =>
  isStegosError(e, CodeInsufficientFunds);
/** The address does not parse or is for another network (-32015). */
export const isInvalidAddress = (e: unknown): e is StegosError => isStegosError(e, CodeInvalidAddress);
/** The account has not scanned up to the chain tip yet (-32016); `data` is its SyncStatus. */
export const isSyncing = (e: unknown): e is StegosError<SyncStatus> => isStegosError(e, CodeSyncing);
/** A view-only account cannot spend (-32017). */
export const isViewOnly = (e: unknown): e is StegosError => isStegosError(e, CodeViewOnly);
/** No such block, transaction or output (-32018). */
export const isNotFound = (e: unknown): e is StegosError => isStegosError(e, CodeNotFound);
/** The node rejected the transaction (-32019); the message has the ledger's reason. */
export const isTxRejected = (e: unknown): e is StegosError => isStegosError(e, CodeTxRejected);
/** The recovery phrase is wrong (-32020). */
export const isInvalidPhrase = (e: unknown): e is StegosError => isStegosError(e, CodeInvalidPhrase);
/** A payment proof does not decode or does not verify (-32021). */
export const isInvalidProof = (e: unknown): e is StegosError => isStegosError(e, CodeInvalidProof);
/** The node the wallet uses cannot be reached (-32022). */
export const isNodeUnavailable = (e: unknown): e is StegosError => isStegosError(e, CodeNodeUnavailable);
/**
 * A staking operation is not possible now (-32023): not the validator's
 * owner, stake still locked, no rewards, not jailed or jailed too recently.
 */
export const isStaking = (e: unknown): e is StegosError => isStegosError(e, CodeStaking);
/** A bus packet's data is over 65 536 bytes (-32024); nothing was sent. */
export const isPacketTooLarge = (e: unknown): e is StegosError => isStegosError(e, CodePacketTooLarge);
/** A bus app name is not 1 to 32 bytes of a-z, 0-9, '.', '_' and '-' (-32025); nothing was sent. */
export const isInvalidApp = (e: unknown): e is StegosError => isStegosError(e, CodeInvalidApp);
/** The account's role does not allow this chat operation (-32026): only a group's owner and admins invite and remove, only a channel's owner posts. */
export const isNotAllowed = (e: unknown): e is StegosError => isStegosError(e, CodeNotAllowed);
/** The call got no answer within its timeout. */
export const isTimeout = (e: unknown): e is StegosTimeoutError => e instanceof StegosTimeoutError;

/** Reports whether v looks like a JSON-RPC error object. */
export function isRPCErrorObject(v: unknown): v is RPCErrorObject {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { code?: unknown }).code === "number" &&
    typeof (v as { message?: unknown }).message === "string"
  );
}
