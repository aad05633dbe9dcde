// The JSON-RPC session over one WebSocket, whatever the WebSocket
// implementation: calls matched to their answers by id, timeouts,
// subscriptions and their notifications, close and error handlers. The
// Node client (StegosClient, package ws) and the browser client (WebClient,
// the global WebSocket) only open the socket and feed its events in here;
// no Node module is imported.
import { StegosApi } from "./api.js";
import { StegosError, StegosTimeoutError, StegosTransportError, isRPCErrorObject } from "./errors.js";
import { MethodSubscribe, MethodSubscriptionNotification, MethodUnsubscribe, TopicBalance, TopicNewBlock, TopicSync, TopicTxStatus, } from "./types.js";
import { TopicBusPacket, busPacketMatches } from "./bus.js";
import { TopicChatMessage, chatEventMatches } from "./chat.js";
/** Notifications kept for a subscription id whose subscribe answer has not arrived yet. */
const earlyNotificationLimit = 256;
/**
 * The calls and subscriptions of a client over one WebSocket. A subclass
 * sends text messages (sendText) and reports the socket's messages
 * (handleText), errors (handleSocketError) and its close (handleClose).
 */
export class SocketApi extends StegosApi {
    url;
    timeoutMs;
    nextId = 1;
    pending = new Map();
    subs = new Map();
    early = new Map();
    closeHandlers = new Set();
    errorHandlers = new Set();
    closedWith;
    closeCode;
    constructor(url, timeoutMs) {
        super();
        this.url = url;
        this.timeoutMs = timeoutMs;
    }
    /** True once the connection has closed. */
    get closed() {
        return this.closedWith !== undefined;
    }
    /** Calls a method over the WebSocket. */
    call(method, params, opts) {
        if (this.closedWith) {
            return Promise.reject(this.closedWith);
        }
        const id = this.nextId++;
        const timeoutMs = opts?.timeoutMs ?? this.timeoutMs;
        const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: params ?? {} });
        return new Promise((resolve, reject) => {
            const p = { method, resolve: resolve, reject, timer: undefined };
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
    async subscribe(topic, handler) {
        const h = handler;
        const id = await this.call(MethodSubscribe, { topic });
        this.subs.set(id, h);
        const early = this.early.get(id);
        if (early) {
            this.early.delete(id);
            for (const payload of early)
                this.deliver(h, payload);
        }
        let done = false;
        return async () => {
            if (done)
                return;
            done = true;
            this.subs.delete(id);
            if (!this.closedWith) {
                await this.call(MethodUnsubscribe, { id });
            }
        };
    }
    /** Subscribes to wallet.balance, optionally for one account. */
    onBalance(handler, filter = {}) {
        return this.subscribe(TopicBalance, (e) => {
            if (matches(filter, e.account, e.name))
                handler(e);
        });
    }
    /** Subscribes to wallet.txStatus, optionally for one account. */
    onTxStatus(handler, filter = {}) {
        return this.subscribe(TopicTxStatus, (e) => {
            if (matches(filter, e.account))
                handler(e);
        });
    }
    /** Subscribes to chain.newBlock. */
    onNewBlock(handler) {
        return this.subscribe(TopicNewBlock, handler);
    }
    /** Subscribes to wallet.sync, optionally for one account. */
    onSync(handler, filter = {}) {
        return this.subscribe(TopicSync, (e) => {
            if (matches(filter, e.account))
                handler(e);
        });
    }
    /**
     * Subscribes to bus.packet, optionally for one app and/or one account:
     * the node sends every packet of every unlocked account, and the client
     * keeps the ones that match.
     */
    onBusPacket(handler, filter = {}) {
        return this.subscribe(TopicBusPacket, (p) => {
            if (busPacketMatches(filter, p))
                handler(p);
        });
    }
    /**
     * Subscribes to chat.message, optionally for one account (its id) and/or
     * one conversation: the node sends the chat events of every unlocked
     * account, and the client keeps the ones that match.
     */
    onChatMessage(handler, filter = {}) {
        return this.subscribe(TopicChatMessage, (e) => {
            if (chatEventMatches(filter, e))
                handler(e);
        });
    }
    /** Registers a handler called once when the connection closes. */
    onClose(handler) {
        this.closeHandlers.add(handler);
        return () => this.closeHandlers.delete(handler);
    }
    /**
     * Registers a handler for socket errors (the connection closes after one)
     * and for exceptions thrown by subscription handlers.
     */
    onError(handler) {
        this.errorHandlers.add(handler);
        return () => this.errorHandlers.delete(handler);
    }
    /** Routes a text message of the socket: an answer, a batch of them or a notification. */
    handleText(text) {
        let msg;
        try {
            msg = JSON.parse(text);
        }
        catch {
            return; // not JSON: nothing to route it to
        }
        for (const m of Array.isArray(msg) ? msg : [msg]) {
            this.route(m);
        }
    }
    /** Reports a socket error to the onError handlers. */
    handleSocketError(err) {
        for (const h of this.errorHandlers)
            h(err);
    }
    /** Records the close: every waiting call fails, then the onClose handlers run. */
    handleClose(code, reason) {
        if (this.closedWith)
            return;
        this.closeCode = code;
        this.closedWith = new StegosTransportError(`connection to ${this.url} closed (code ${code}${reason ? `: ${reason}` : ""})`);
        this.failAll(this.closedWith);
        for (const h of this.closeHandlers)
            h(code, reason);
    }
    route(m) {
        if (typeof m !== "object" || m === null)
            return;
        const o = m;
        if (o.method === MethodSubscriptionNotification) {
            const p = o.params;
            if (!p || typeof p.subscription !== "string")
                return;
            const h = this.subs.get(p.subscription);
            if (h) {
                this.deliver(h, p.result);
            }
            else {
                // The node may send a notification before the subscribe answer.
                const q = this.early.get(p.subscription) ?? [];
                if (q.length < earlyNotificationLimit)
                    q.push(p.result);
                this.early.set(p.subscription, q);
            }
            return;
        }
        if (typeof o.id !== "number")
            return;
        const pend = this.pending.get(o.id);
        if (!pend)
            return; // timed out already
        this.pending.delete(o.id);
        clearTimeout(pend.timer);
        if (o.error !== undefined) {
            pend.reject(isRPCErrorObject(o.error)
                ? StegosError.fromObject(o.error, pend.method)
                : new StegosTransportError(`${pend.method}: malformed error: ${JSON.stringify(o.error)}`));
        }
        else {
            pend.resolve(o.result);
        }
    }
    deliver(h, payload) {
        try {
            h(payload);
        }
        catch (e) {
            // A throwing handler must not break the connection: report it to the
            // onError handlers, or, with none, as an uncaught exception.
            const err = e instanceof Error ? e : new Error(String(e));
            if (this.errorHandlers.size > 0) {
                for (const eh of this.errorHandlers)
                    eh(err);
            }
            else {
                queueMicrotask(() => {
                    throw err;
                });
            }
        }
    }
    failAll(err) {
        for (const [id, p] of this.pending) {
            this.pending.delete(id);
            clearTimeout(p.timer);
            p.reject(new StegosTransportError(`${p.method}: ${err.message}`, { cause: err }));
        }
        this.subs.clear();
        this.early.clear();
    }
}
function matches(filter, ...ids) {
    return filter.account === undefined || ids.includes(filter.account);
}
