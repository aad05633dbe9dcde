import type { Timestamp } from "./timestamp.js";
export declare const MethodBusSend = "bus.send";
export declare const MethodBusMessages = "bus.messages";
export declare const MethodBusOutbox = "bus.outbox";
/**
 * Delivers a BusPacket for every packet an unlocked account receives (and
 * once for a packet found incomplete). It delivers the packets of every app
 * and account: onBusPacket filters by app and account in the client.
 */
export declare const TopicBusPacket = "bus.packet";
/** A bus packet's data is over 65 536 bytes. */
export declare const CodePacketTooLarge = -32024;
/** A bus app name is not 1 to 32 bytes of a-z, 0-9, '.', '_' and '-'. */
export declare const CodeInvalidApp = -32025;
/** The most data one packet carries (64 KiB). */
export declare const BusMaxData = 65536;
/** The params of bus.send. */
export interface BusSendParams {
    /** The account that sends; the first account when omitted. */
    account?: string;
    /** The recipient's address. */
    to: string;
    /** The packet's namespace: 1 to 32 bytes of a-z, 0-9, '.', '_' and '-', sealed inside the packet. */
    app: string;
    /** The packet, base64: at most 65 536 bytes (busSend also takes a Uint8Array). */
    data: string;
    /** Names the sender: the packet carries the account's address and a signature; without it the packet is anonymous. */
    sign?: boolean;
}
/** The result of bus.send. */
export interface BusSendResult {
    /** Identifies the packet (32 hex digits) for the sender and the recipient. */
    packetId: string;
    /** The transactions sent so far, each pending until confirmed. */
    txIds: string[];
    /** The number of outputs the packet takes (472 bytes of packet each, 15 per transaction). */
    fragments: number;
    /** True when some fragments wait in the outbox for the account's coins (busOutbox shows the progress). */
    pending: boolean;
}
/** The params of bus.messages. */
export interface BusMessagesParams {
    /** The account that received the packets; the first account when omitted. */
    account?: string;
    /** Keeps the packets of one app; all apps when omitted. */
    app?: string;
    /** Keeps the packets completed at or above this height. */
    since?: number;
}
/** A received packet: a bus.messages entry and the payload of the bus.packet topic. */
export interface BusPacket {
    /** Identifies the packet (32 hex digits). */
    packetId: string;
    /** The id of the account it was sent to. */
    account: string;
    /** Empty for an incomplete packet whose first fragment is missing. */
    app: string;
    /** The packet, base64 (bytesOfBase64 decodes it); empty when incomplete. */
    data: string;
    /** The sender's address when the sender signed the packet. */
    from?: string;
    /** The sender's counter for its account and the app: it orders one sender's packets. */
    seq: number;
    /** The block that completed the packet (for an incomplete packet, of the last fragment received). */
    height: number;
    time: Timestamp;
    /** The transactions that carried it. */
    txIds: string[];
    /** False for a packet whose fragments stopped arriving: `received` of `count` came. */
    complete: boolean;
    received: number;
    count: number;
}
/** The params of bus.outbox. */
export interface BusOutboxParams {
    account?: string;
}
/** A packet still being sent (bus.outbox). */
export interface BusOutboxEntry {
    packetId: string;
    /** The recipient's address. */
    to: string;
    app: string;
    /** The packet's number of fragments; `sent` how many are in transactions sent so far. */
    fragments: number;
    sent: number;
    txIds: string[];
    created: Timestamp;
    /** Why the last attempt to send more stopped. */
    lastError?: string;
}
/** Narrows onBusPacket to one app and/or one account. */
export interface BusFilter {
    /**
     * Deliver only this app's packets (and incomplete packets whose app is
     * unknown, which carry an empty app).
     */
    app?: string;
    /** Deliver only the packets of this account (its id). */
    account?: string;
}
/** Reports whether a bus.packet payload passes a filter. */
export declare function busPacketMatches(filter: BusFilter, p: BusPacket): boolean;
/** Reports whether app is a valid app name. */
export declare function isValidApp(app: string): boolean;
/** Encodes bytes as base64 (works in Node and browsers). */
export declare function base64OfBytes(b: Uint8Array): string;
/** Decodes base64 into bytes (works in Node and browsers). */
export declare function bytesOfBase64(s: string): Uint8Array;
/** The UTF-8 text of a packet's base64 data. */
export declare function textOfBase64(s: string): string;
/** bus.send's params with the data as bytes, text or base64. */
export type BusSendInput = Omit<BusSendParams, "data"> & {
    /** Bytes are sent as they are; a string is base64 (use base64OfBytes(new TextEncoder().encode(text)) for text). */
    data: Uint8Array | string;
};
/** Turns BusSendInput into the params on the wire. */
export declare function busSendParams(p: BusSendInput): BusSendParams;
