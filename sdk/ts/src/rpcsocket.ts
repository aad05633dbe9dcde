// The JSON-RPC session over one WebSocket, whatever the WebSocket
// implementation: calls matched to their answers by id, timeouts,
// subscriptions and their notifications, close and error handlers. The
// Node client (StegosClient, package ws) and the browser client (WebClient,
// the global WebSocket) only open the socket and feed its events in here;
// no Node module is imported.

import { StegosApi, type CallOptions, type Params } from "./api.js";
import { StegosError, StegosTimeoutError, StegosTransportError, isRPCErrorObject } from "./errors.js";
import {
  MethodSubscribe,
  MethodSubscriptionNotification,
  MethodUnsubscribe,
  TopicBalance,
  TopicNewBlock,
  TopicSync,
  TopicTxStatus,
  type BalanceEvent,
  type NewBlockEvent,
  type SyncEvent,
  type TopicPayloads,
  type TxStatusEvent,
} from "./types.js";
import { TopicBusPacket, busPacketMatches, type BusFilter, type BusPacket } from "./bus.js";
import { TopicChatMessage, chatEventMatches, type ChatEvent, type ChatFilter } from "./chat.js";

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
  timer: ReturnType<typeof setTimeout> | undefined;
}

type Handler = (payload: unknown) => void;

/** Notifications kept for a subscription id whose subscribe answer has not arrived yet. */
const earlyNotificationLimit = 256;

/**
 * The calls and subscriptions of a client over one WebSocket. A subclass
 * sends text messages (sendText) and reports the socket's messages
 * (handleText), errors (handleSocketError) and its close (handleClose).
 */
export abstract class SocketApi extends StegosApi {
  readonly url: string;
  protected readonly timeoutMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<string, Handler>();
  private readonly early = new Map<string, unknown[]>();
  private readonly closeHandlers = new Set<(code: number, reason: string) => void>();
  private readonly errorHandlers = new Set<(err: Error) => void>();
  protected closedWith: StegosTransportError | undefined;
  protected closeCode: number | undefined;

  protected constructor(url: string, timeoutMs: number) {
    super();
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Sends one text message; calls onError (at once or later) when it
   * cannot be sent.
   */
  protected abstract sendText(text: string, onError: (err: Error) => void): void;

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
      this.sendText(body, (err) => {
        if (this.pending.delete(id)) {
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

  /**
   * Subscribes to bus.packet, optionally for one app and/or one account:
   * the node sends every packet of every unlocked account, and the client
   * keeps the ones that match.
   */
  onBusPacket(handler: (p: BusPacket) => void, filter: BusFilter = {}): Promise<Unsubscribe> {
    return this.subscribe(TopicBusPacket, (p) => {
      if (busPacketMatches(filter, p)) handler(p);
    });
  }

  /**
   * Subscribes to chat.message, optionally for one account (its id) and/or
   * one conversation: the node sends the chat events of every unlocked
   * account, and the client keeps the ones that match.
   */
  onChatMessage(handler: (e: ChatEvent) => void, filter: ChatFilter = {}): Promise<Unsubscribe> {
    return this.subscribe(TopicChatMessage, (e) => {
      if (chatEventMatches(filter, e)) handler(e);
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

  /** Routes a text message of the socket: an answer, a batch of them or a notification. */
  protected handleText(text: string): void {
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

  /** Reports a socket error to the onError handlers. */
  protected handleSocketError(err: Error): void {
    for (const h of this.errorHandlers) h(err);
  }

  /** Records the close: every waiting call fails, then the onClose handlers run. */
  protected handleClose(code: number, reason: string): void {
    if (this.closedWith) return;
    this.closeCode = code;
    this.closedWith = new StegosTransportError(
      `connection to ${this.url} closed (code ${code}${reason ? `: ${reason}` : ""})`,
    );
    this.failAll(this.closedWith);
    for (const h of this.closeHandlers) h(code, reason);
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
