import { StegosApi, type CallOptions, type Params } from "./api.js";
import { StegosTransportError } from "./errors.js";
import { type BalanceEvent, type NewBlockEvent, type SyncEvent, type TopicPayloads, type TxStatusEvent } from "./types.js";
import { type BusFilter, type BusPacket } from "./bus.js";
import { type ChatEvent, type ChatFilter } from "./chat.js";
/** A function that cancels a subscription. */
export type Unsubscribe = () => Promise<void>;
/** Narrows a subscription to one account. */
export interface AccountFilter {
    /** Deliver only events of this account (its name or id). */
    account?: string;
}
/**
 * The calls and subscriptions of a client over one WebSocket. A subclass
 * sends text messages (sendText) and reports the socket's messages
 * (handleText), errors (handleSocketError) and its close (handleClose).
 */
export declare abstract class SocketApi extends StegosApi {
    readonly url: string;
    protected readonly timeoutMs: number;
    private nextId;
    private readonly pending;
    private readonly subs;
    private readonly early;
    private readonly closeHandlers;
    private readonly errorHandlers;
    protected closedWith: StegosTransportError | undefined;
    protected closeCode: number | undefined;
    protected constructor(url: string, timeoutMs: number);
    /**
     * Sends one text message; calls onError (at once or later) when it
     * cannot be sent.
     */
    protected abstract sendText(text: string, onError: (err: Error) => void): void;
    /** True once the connection has closed. */
    get closed(): boolean;
    /** Calls a method over the WebSocket. */
    call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T>;
    /**
     * Subscribes to a topic; the handler gets every notification's payload.
     * Resolves to a function that cancels the subscription.
     */
    subscribe<K extends keyof TopicPayloads>(topic: K, handler: (payload: TopicPayloads[K]) => void): Promise<Unsubscribe>;
    subscribe(topic: string, handler: (payload: unknown) => void): Promise<Unsubscribe>;
    /** Subscribes to wallet.balance, optionally for one account. */
    onBalance(handler: (e: BalanceEvent) => void, filter?: AccountFilter): Promise<Unsubscribe>;
    /** Subscribes to wallet.txStatus, optionally for one account. */
    onTxStatus(handler: (e: TxStatusEvent) => void, filter?: AccountFilter): Promise<Unsubscribe>;
    /** Subscribes to chain.newBlock. */
    onNewBlock(handler: (e: NewBlockEvent) => void): Promise<Unsubscribe>;
    /** Subscribes to wallet.sync, optionally for one account. */
    onSync(handler: (e: SyncEvent) => void, filter?: AccountFilter): Promise<Unsubscribe>;
    /**
     * Subscribes to bus.packet, optionally for one app and/or one account:
     * the node sends every packet of every unlocked account, and the client
     * keeps the ones that match.
     */
    onBusPacket(handler: (p: BusPacket) => void, filter?: BusFilter): Promise<Unsubscribe>;
    /**
     * Subscribes to chat.message, optionally for one account (its id) and/or
     * one conversation: the node sends the chat events of every unlocked
     * account, and the client keeps the ones that match.
     */
    onChatMessage(handler: (e: ChatEvent) => void, filter?: ChatFilter): Promise<Unsubscribe>;
    /** Registers a handler called once when the connection closes. */
    onClose(handler: (code: number, reason: string) => void): () => void;
    /**
     * Registers a handler for socket errors (the connection closes after one)
     * and for exceptions thrown by subscription handlers.
     */
    onError(handler: (err: Error) => void): () => void;
    /** Routes a text message of the socket: an answer, a batch of them or a notification. */
    protected handleText(text: string): void;
    /** Reports a socket error to the onError handlers. */
    protected handleSocketError(err: Error): void;
    /** Records the close: every waiting call fails, then the onClose handlers run. */
    protected handleClose(code: number, reason: string): void;
    private route;
    private deliver;
    private failAll;
}
