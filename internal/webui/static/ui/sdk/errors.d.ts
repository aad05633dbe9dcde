import { type InsufficientFundsData, type RPCErrorObject, type SyncStatus } from "./types.js";
/**
 * An error object the node sent: a JSON-RPC error with its code, message
 * and optional data. Branch on `code` (see the Code* constants) or use the
 * is* helpers below.
 */
export declare class StegosError<D = unknown> extends Error {
    readonly name = "StegosError";
    /** The JSON-RPC error code. */
    readonly code: number;
    /** Optional structured detail, e.g. InsufficientFundsData for CodeInsufficientFunds. */
    readonly data: D | undefined;
    /** The method that failed, when known. */
    readonly method: string | undefined;
    constructor(code: number, message: string, data?: D, method?: string);
    /** Builds a StegosError from a JSON-RPC error object. */
    static fromObject(e: RPCErrorObject, method?: string): StegosError;
    toString(): string;
}
/**
 * A failure of the client or the connection rather than an answer of the
 * node: the socket closed, the node could not be reached, or an HTTP
 * response was not JSON-RPC.
 */
export declare class StegosTransportError extends Error {
    readonly name: string;
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** A call that got no answer within its timeout. */
export declare class StegosTimeoutError extends StegosTransportError {
    readonly name = "StegosTimeoutError";
    readonly method: string;
    readonly timeoutMs: number;
    constructor(method: string, timeoutMs: number);
}
/** Reports whether e is a StegosError, optionally with the given code. */
export declare function isStegosError(e: unknown, code?: number): e is StegosError;
/** A missing or wrong API token (-32001). */
export declare const isUnauthorized: (e: unknown) => e is StegosError;
/** No method of that name (-32601). */
export declare const isMethodNotFound: (e: unknown) => e is StegosError;
/** Params missing, unknown or of the wrong type (-32602). */
export declare const isInvalidParams: (e: unknown) => e is StegosError;
/** Over the client's request rate (-32005); reconnecting does not reset it. */
export declare const isRateLimited: (e: unknown) => e is StegosError;
/** The server is running as many password checks as it allows at once (-32007): try again. */
export declare const isBusy: (e: unknown) => e is StegosError;
/** The password does not unlock the account (-32010). */
export declare const isWrongPassword: (e: unknown) => e is StegosError;
/** The account must be unlocked first (-32011). */
export declare const isLocked: (e: unknown) => e is StegosError;
/** No account has this name or id (-32012). */
export declare const isAccountNotFound: (e: unknown) => e is StegosError;
/** An account with this name or these keys exists (-32013). */
export declare const isAccountExists: (e: unknown) => e is StegosError;
/** Available funds do not cover amount and fee (-32014); `data` tells how much is available and needed. */
export declare const isInsufficientFunds: (e: unknown) => e is StegosError<InsufficientFundsData>;
/** The address does not parse or is for another network (-32015). */
export declare const isInvalidAddress: (e: unknown) => e is StegosError;
/** The account has not scanned up to the chain tip yet (-32016); `data` is its SyncStatus. */
export declare const isSyncing: (e: unknown) => e is StegosError<SyncStatus>;
/** A view-only account cannot spend (-32017). */
export declare const isViewOnly: (e: unknown) => e is StegosError;
/** No such block, transaction or output (-32018). */
export declare const isNotFound: (e: unknown) => e is StegosError;
/** The node rejected the transaction (-32019); the message has the ledger's reason. */
export declare const isTxRejected: (e: unknown) => e is StegosError;
/** The recovery phrase is wrong (-32020). */
export declare const isInvalidPhrase: (e: unknown) => e is StegosError;
/** A payment proof does not decode or does not verify (-32021). */
export declare const isInvalidProof: (e: unknown) => e is StegosError;
/** The node the wallet uses cannot be reached (-32022). */
export declare const isNodeUnavailable: (e: unknown) => e is StegosError;
/**
 * A staking operation is not possible now (-32023): not the validator's
 * owner, stake still locked, no rewards, not jailed or jailed too recently.
 */
export declare const isStaking: (e: unknown) => e is StegosError;
/** A bus packet's data is over 65 536 bytes (-32024); nothing was sent. */
export declare const isPacketTooLarge: (e: unknown) => e is StegosError;
/** A bus app name is not 1 to 32 bytes of a-z, 0-9, '.', '_' and '-' (-32025); nothing was sent. */
export declare const isInvalidApp: (e: unknown) => e is StegosError;
/** The account's role does not allow this chat operation (-32026): only a group's owner and admins invite and remove, only a channel's owner posts. */
export declare const isNotAllowed: (e: unknown) => e is StegosError;
/** The call got no answer within its timeout. */
export declare const isTimeout: (e: unknown) => e is StegosTimeoutError;
/** Reports whether v looks like a JSON-RPC error object. */
export declare function isRPCErrorObject(v: unknown): v is RPCErrorObject;
