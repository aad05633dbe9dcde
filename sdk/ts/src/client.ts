// Clients of the Stegos JSON-RPC 2.0 API: StegosClient over WebSocket (calls
// and subscriptions) and HttpClient over HTTP POST (calls only). Both share
// the typed method surface of StegosApi.

import WebSocket from "ws";

import { StegosError, StegosTimeoutError, StegosTransportError, isRPCErrorObject } from "./errors.js";
import { resolveToken } from "./paths.js";
import {
  CodeUnauthorized,
  DefaultAddr,
  MethodAuth,
  MethodChainBlock,
  MethodChainTx,
  MethodChainValidators,
  MethodChainAwardPool,
  MethodChainAwards,
  MethodDiscover,
  MethodNodeStatus,
  MethodSubscribe,
  MethodSubscriptionNotification,
  MethodUnsubscribe,
  MethodWalletAddress,
  MethodWalletBalance,
  MethodWalletChangePassword,
  MethodWalletCreateAccount,
  MethodWalletDeleteAccount,
  MethodWalletHistory,
  MethodWalletImportViewOnly,
  MethodWalletListAccounts,
  MethodWalletLock,
  MethodWalletPaymentProof,
  MethodWalletRecoverAccount,
  MethodWalletSend,
  MethodWalletEstimateFee,
  MethodWalletStake,
  MethodWalletStakes,
  MethodWalletSyncStatus,
  MethodWalletUnjail,
  MethodWalletUnlock,
  MethodWalletUnstake,
  MethodWalletVerifyPaymentProof,
  MethodWalletViewKey,
  MethodWalletWithdrawRewards,
  TopicBalance,
  TopicNewBlock,
  TopicSync,
  TopicTxStatus,
  type Account,
  type AccountParams,
  type AddressResult,
  type Balance,
  type BalanceEvent,
  type Block,
  type BlockParams,
  type ChangePasswordParams,
  type CreateAccountParams,
  type CreateAccountResult,
  type DeleteAccountParams,
  type DeleteAccountResult,
  type HistoryEntry,
  type HistoryParams,
  type ImportViewOnlyParams,
  type MethodSignatures,
  type NewBlockEvent,
  type NodeStatus,
  type OpenRPCDocument,
  type PaymentProof,
  type PaymentProofCheck,
  type PaymentProofParams,
  type RecoverAccountParams,
  type SendParams,
  type SendResult,
  type StakeParams,
  type Stakes,
  type SyncEvent,
  type SyncStatus,
  type TopicPayloads,
  type Tx,
  type TxStatusEvent,
  type UnjailParams,
  type UnlockParams,
  type UnstakeParams,
  type VerifyPaymentProofParams,
  type ViewKeyParams,
  type Validators,
  type AwardPool,
  type Award,
  type EstimateFeeParams,
  type FeeEstimate,
  type ViewKeyResult,
  type WithdrawRewardsParams,
} from "./types.js";

/** The default per-call timeout. */
export const DefaultTimeoutMs = 30_000;

/** The WebSocket URL of a node listening on the default address. */
export const DefaultWsUrl = `ws://${DefaultAddr}`;

/** The HTTP URL of a node listening on the default address. */
export const DefaultHttpUrl = `http://${DefaultAddr}`;

/** Options of a single call. */
export interface CallOptions {
  /** Overrides the client's per-call timeout (ms); 0 waits forever. */
  timeoutMs?: number;
}

/** Params of a call: a by-name object. */
export type Params = Record<string, unknown>;

/** Names an account: its name or id, or an AccountParams object. */
export type AccountRef = string | AccountParams;

function accountParams(a: AccountRef | undefined): AccountParams {
  if (a === undefined) return {};
  return typeof a === "string" ? { account: a } : a;
}

/**
 * The typed method surface of the API, shared by StegosClient (WebSocket)
 * and HttpClient (HTTP POST). Subclasses implement `call`.
 */
export abstract class StegosApi {
  /**
   * Calls a method with by-name params and returns its result. Rejects with
   * a StegosError when the node answers with an error, and with a
   * StegosTransportError (StegosTimeoutError on timeout) when it does not
   * answer.
   */
  abstract call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T>;

  /** Calls a method of the contract with its typed params and result. */
  protected callTyped<M extends keyof MethodSignatures>(
    method: M,
    params: MethodSignatures[M]["params"],
    opts?: CallOptions,
  ): Promise<MethodSignatures[M]["result"]> {
    return this.call<MethodSignatures[M]["result"]>(method, params as Params, opts);
  }

  /** node.status: the network, the latest block and the node's state. */
  nodeStatus(opts?: CallOptions): Promise<NodeStatus> {
    return this.callTyped(MethodNodeStatus, {}, opts);
  }

  /** chain.block: the block at a height (a number or BlockParams); none or 0 means the latest. */
  block(height?: number | BlockParams, opts?: CallOptions): Promise<Block> {
    const p: BlockParams = typeof height === "number" ? (height === 0 ? {} : { height }) : (height ?? {});
    return this.callTyped(MethodChainBlock, p, opts);
  }

  /** chain.tx: a committed transaction by its id (64 hex digits). */
  tx(id: string, opts?: CallOptions): Promise<Tx> {
    return this.callTyped(MethodChainTx, { id }, opts);
  }

  /** chain.validators: stake, power, rewards, jail state and award-period uptime of every validator. */
  validators(opts?: CallOptions): Promise<Validators> {
    return this.callTyped(MethodChainValidators, {}, opts);
  }

  /** chain.awardPool: the Validator Service Award pool and the next draw. */
  awardPool(opts?: CallOptions): Promise<AwardPool> {
    return this.callTyped(MethodChainAwardPool, {}, opts);
  }

  /** chain.awards: the past draws, most recent first. */
  awards(limit?: number, opts?: CallOptions): Promise<Award[]> {
    return this.callTyped(MethodChainAwards, limit === undefined ? {} : { limit }, opts);
  }

  /** wallet.createAccount: a new account and its 24-word recovery phrase (shown only once). */
  createAccount(params: CreateAccountParams, opts?: CallOptions): Promise<CreateAccountResult> {
    return this.callTyped(MethodWalletCreateAccount, params, opts);
  }

  /** wallet.recoverAccount: restores an account from its phrase; it starts unlocked and rescans the chain. */
  recoverAccount(params: RecoverAccountParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletRecoverAccount, params, opts);
  }

  /** wallet.importViewOnly: an account that sees incoming funds but cannot spend. */
  importViewOnly(params: ImportViewOnlyParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletImportViewOnly, params, opts);
  }

  /** wallet.listAccounts: every account of the wallet. */
  listAccounts(opts?: CallOptions): Promise<Account[]> {
    return this.callTyped(MethodWalletListAccounts, {}, opts);
  }

  /** wallet.unlock: unlocks an account so it scans and spends; resolves to the account. */
  unlock(params: UnlockParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletUnlock, params, opts);
  }

  /** wallet.lock: locks an account (by name or id; none means the first account); resolves to the account. */
  lock(account?: AccountRef, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletLock, accountParams(account), opts);
  }

  /** wallet.changePassword: re-encrypts the account's keys; resolves to true. */
  changePassword(params: ChangePasswordParams, opts?: CallOptions): Promise<boolean> {
    return this.callTyped(MethodWalletChangePassword, params, opts);
  }

  /** wallet.deleteAccount: moves the account's files to the wallet's trash. */
  deleteAccount(params: DeleteAccountParams, opts?: CallOptions): Promise<DeleteAccountResult> {
    return this.callTyped(MethodWalletDeleteAccount, params, opts);
  }

  /** wallet.address: the account's address. */
  address(account?: AccountRef, opts?: CallOptions): Promise<AddressResult> {
    return this.callTyped(MethodWalletAddress, accountParams(account), opts);
  }

  /** wallet.balance: available, pending and locked µSTG. */
  balance(account?: AccountRef, opts?: CallOptions): Promise<Balance> {
    return this.callTyped(MethodWalletBalance, accountParams(account), opts);
  }

  /** wallet.syncStatus: how far the account has scanned the chain. */
  syncStatus(account?: AccountRef, opts?: CallOptions): Promise<SyncStatus> {
    return this.callTyped(MethodWalletSyncStatus, accountParams(account), opts);
  }

  /**
   * wallet.viewKey: exports the account's secret view key (the password
   * confirms it), for a view-only account elsewhere (importViewOnly).
   */
  viewKey(params: ViewKeyParams, opts?: CallOptions): Promise<ViewKeyResult> {
    return this.callTyped(MethodWalletViewKey, params, opts);
  }

  /** wallet.estimateFee: the fee and inputs a payment of `amount` µSTG would use now. */
  estimateFee(params: EstimateFeeParams, opts?: CallOptions): Promise<FeeEstimate> {
    return this.callTyped(MethodWalletEstimateFee, params, opts);
  }

  /** wallet.send: pays `amount` µSTG to `to`; resolves once the node's mempool accepted it. */
  send(params: SendParams, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletSend, params, opts);
  }

  /** wallet.history: the most recent transactions of an account. */
  history(params: AccountRef | HistoryParams = {}, opts?: CallOptions): Promise<HistoryEntry[]> {
    const p: HistoryParams = typeof params === "string" ? { account: params } : params;
    return this.callTyped(MethodWalletHistory, p, opts);
  }

  /** wallet.paymentProof: a proof that a payment of a sent transaction went to its recipient. */
  paymentProof(params: PaymentProofParams, opts?: CallOptions): Promise<PaymentProof> {
    return this.callTyped(MethodWalletPaymentProof, params, opts);
  }

  /** wallet.verifyPaymentProof: checks a proof made by wallet.paymentProof. */
  verifyPaymentProof(proof: string | VerifyPaymentProofParams, opts?: CallOptions): Promise<PaymentProofCheck> {
    const p: VerifyPaymentProofParams = typeof proof === "string" ? { proof } : proof;
    return this.callTyped(MethodWalletVerifyPaymentProof, p, opts);
  }

  /**
   * wallet.stake: bonds `amount` µSTG to a validator in a stake output the
   * account owns, locked for the network's lock period. A validator's first
   * stake names it by its token (`stegosd validator-info`), must be at least
   * the minimum stake, and makes the account the validator's owner. A stake
   * to a validator another account owns, or that is jailed or tombstoned,
   * rejects unless `force` is set.
   */
  stake(params: StakeParams, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletStake, params, opts);
  }

  /**
   * wallet.unstake: spends the account's unlocked stake (of one validator,
   * or with `all` of every validator) back into its balance, less the fee.
   * Without either, an unstake of more than one stake output rejects with
   * -32023 (isStaking) listing the validators; locked stake rejects saying
   * until when.
   */
  unstake(params: UnstakeParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletUnstake, params, opts);
  }

  /** wallet.stakes: the account's stake outputs and the validators it owns. */
  stakes(account?: AccountRef, opts?: CallOptions): Promise<Stakes> {
    return this.callTyped(MethodWalletStakes, accountParams(account), opts);
  }

  /**
   * wallet.withdrawRewards: moves the rewards (all, or `amount` µSTG) of a
   * validator the account owns into the account's balance; the fee is paid
   * from them.
   */
  withdrawRewards(params: WithdrawRewardsParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletWithdrawRewards, params, opts);
  }

  /** wallet.unjail: releases a jailed validator the account owns once its jail time is served (its `unjailAt`). */
  unjail(params: UnjailParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletUnjail, params, opts);
  }

  /** rpc.discover: the OpenRPC document of the API. */
  discover(opts?: CallOptions): Promise<OpenRPCDocument> {
    return this.callTyped(MethodDiscover, {}, opts);
  }
}

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

/** A function that cancels a subscription. */
export type Unsubscribe = () => Promise<void>;

/** Narrows a subscription to one account. */
export interface AccountFilter {
  /** Deliver only events of this account (its name or id). */
  account?: string;
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

type Handler = (payload: unknown) => void;

/** Notifications kept for a subscription id whose subscribe answer has not arrived yet. */
const earlyNotificationLimit = 256;

/**
 * A client over one WebSocket: typed calls, subscriptions and close().
 * Calls on one connection are served by the node one after another.
 * There is no automatic reconnection: after the connection closes every
 * call fails; `onClose` tells when, and a new client can be connected.
 */
export class StegosClient extends StegosApi {
  readonly url: string;
  private readonly ws: WebSocket;
  private readonly timeoutMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<string, Handler>();
  private readonly early = new Map<string, unknown[]>();
  private readonly closeHandlers = new Set<(code: number, reason: string) => void>();
  private readonly errorHandlers = new Set<(err: Error) => void>();
  private closedWith: StegosTransportError | undefined;
  private closeCode: number | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(url: string, ws: WebSocket, timeoutMs: number) {
    super();
    this.url = url;
    this.ws = ws;
    this.timeoutMs = timeoutMs;
    this.closedPromise = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        const why = reason.toString();
        this.closeCode = code;
        this.closedWith = new StegosTransportError(
          `connection to ${url} closed (code ${code}${why ? `: ${why}` : ""})`,
        );
        this.failAll(this.closedWith);
        for (const h of this.closeHandlers) h(code, why);
        resolve();
      });
    });
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      this.onMessage(data.toString());
    });
    ws.on("error", (err) => {
      for (const h of this.errorHandlers) h(err);
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

  /** True once the connection has closed. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Calls a method over the WebSocket. */
  call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T> {
    if (this.closedWith) {
      return Promise.reject(this.closedWith);
    }
    const id = this.nextId++;
    const timeoutMs = opts?.timeoutMs ?? this.timeoutMs;
    const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: params ?? {} });
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { method, resolve: resolve as (v: unknown) => void, reject, timer: undefined };
      if (timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new StegosTimeoutError(method, timeoutMs));
        }, timeoutMs);
      }
      this.pending.set(id, p);
      this.ws.send(body, (err) => {
        if (err && this.pending.delete(id)) {
          clearTimeout(p.timer);
          reject(new StegosTransportError(`${method}: send failed: ${err.message}`, { cause: err }));
        }
      });
    });
  }

  /**
   * Subscribes to a topic; the handler gets every notification's payload.
   * Resolves to a function that cancels the subscription.
   */
  async subscribe<K extends keyof TopicPayloads>(topic: K, handler: (payload: TopicPayloads[K]) => void): Promise<Unsubscribe>;
  async subscribe(topic: string, handler: (payload: unknown) => void): Promise<Unsubscribe>;
  async subscribe(topic: string, handler: (payload: never) => void): Promise<Unsubscribe> {
    const h = handler as Handler;
    const id = await this.call<string>(MethodSubscribe, { topic });
    this.subs.set(id, h);
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      for (const payload of early) this.deliver(h, payload);
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.subs.delete(id);
      if (!this.closedWith) {
        await this.call(MethodUnsubscribe, { id });
      }
    };
  }

  /** Subscribes to wallet.balance, optionally for one account. */
  onBalance(handler: (e: BalanceEvent) => void, filter: AccountFilter = {}): Promise<Unsubscribe> {
    return this.subscribe(TopicBalance, (e) => {
      if (matches(filter, e.account, e.name)) handler(e);
    });
  }

  /** Subscribes to wallet.txStatus, optionally for one account. */
  onTxStatus(handler: (e: TxStatusEvent) => void, filter: AccountFilter = {}): Promise<Unsubscribe> {
    return this.subscribe(TopicTxStatus, (e) => {
      if (matches(filter, e.account)) handler(e);
    });
  }

  /** Subscribes to chain.newBlock. */
  onNewBlock(handler: (e: NewBlockEvent) => void): Promise<Unsubscribe> {
    return this.subscribe(TopicNewBlock, handler);
  }

  /** Subscribes to wallet.sync, optionally for one account. */
  onSync(handler: (e: SyncEvent) => void, filter: AccountFilter = {}): Promise<Unsubscribe> {
    return this.subscribe(TopicSync, (e) => {
      if (matches(filter, e.account)) handler(e);
    });
  }

  /** Registers a handler called once when the connection closes. */
  onClose(handler: (code: number, reason: string) => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /**
   * Registers a handler for socket errors (the connection closes after one)
   * and for exceptions thrown by subscription handlers.
   */
  onError(handler: (err: Error) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
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

  private onMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return; // not JSON: nothing to route it to
    }
    for (const m of Array.isArray(msg) ? msg : [msg]) {
      this.route(m);
    }
  }

  private route(m: unknown): void {
    if (typeof m !== "object" || m === null) return;
    const o = m as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    if (o.method === MethodSubscriptionNotification) {
      const p = o.params as { subscription?: unknown; result?: unknown } | undefined;
      if (!p || typeof p.subscription !== "string") return;
      const h = this.subs.get(p.subscription);
      if (h) {
        this.deliver(h, p.result);
      } else {
        // The node may send a notification before the subscribe answer.
        const q = this.early.get(p.subscription) ?? [];
        if (q.length < earlyNotificationLimit) q.push(p.result);
        this.early.set(p.subscription, q);
      }
      return;
    }
    if (typeof o.id !== "number") return;
    const pend = this.pending.get(o.id);
    if (!pend) return; // timed out already
    this.pending.delete(o.id);
    clearTimeout(pend.timer);
    if (o.error !== undefined) {
      pend.reject(
        isRPCErrorObject(o.error)
          ? StegosError.fromObject(o.error, pend.method)
          : new StegosTransportError(`${pend.method}: malformed error: ${JSON.stringify(o.error)}`),
      );
    } else {
      pend.resolve(o.result);
    }
  }

  private deliver(h: Handler, payload: unknown): void {
    try {
      h(payload);
    } catch (e) {
      // A throwing handler must not break the connection: report it to the
      // onError handlers, or, with none, as an uncaught exception.
      const err = e instanceof Error ? e : new Error(String(e));
      if (this.errorHandlers.size > 0) {
        for (const eh of this.errorHandlers) eh(err);
      } else {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  private failAll(err: Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new StegosTransportError(`${p.method}: ${err.message}`, { cause: err }));
    }
    this.subs.clear();
    this.early.clear();
  }
}

function matches(filter: AccountFilter, ...ids: string[]): boolean {
  return filter.account === undefined || ids.includes(filter.account);
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
