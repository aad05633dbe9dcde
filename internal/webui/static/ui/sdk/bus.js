// The message bus part of the API contract, mirrored from the Go package
// github.com/stegos-go/stegos/api (bus.go, errors.go): packets of up to
// 64 KiB sent to addresses in zero-value outputs that look exactly like
// payments (docs/adr/0022-message-bus.md). `data` is base64 in JSON; the
// helpers below convert bytes and text. No Node module is imported: the
// browser build uses this file too.
export const MethodBusSend = "bus.send";
export const MethodBusMessages = "bus.messages";
export const MethodBusOutbox = "bus.outbox";
/**
 * Delivers a BusPacket for every packet an unlocked account receives (and
 * once for a packet found incomplete). It delivers the packets of every app
 * and account: onBusPacket filters by app and account in the client.
 */
export const TopicBusPacket = "bus.packet";
/** A bus packet's data is over 65 536 bytes. */
export const CodePacketTooLarge = -32024;
/** A bus app name is not 1 to 32 bytes of a-z, 0-9, '.', '_' and '-'. */
export const CodeInvalidApp = -32025;
/** The most data one packet carries (64 KiB). */
export const BusMaxData = 65_536;
/** Reports whether a bus.packet payload passes a filter. */
export function busPacketMatches(filter, p) {
    if (filter.account !== undefined && p.account !== filter.account)
        return false;
    return filter.app === undefined || p.app === filter.app || (!p.complete && p.app === "");
}
/** Reports whether app is a valid app name. */
export function isValidApp(app) {
    return /^[a-z0-9._-]{1,32}$/.test(app);
}
/** Encodes bytes as base64 (works in Node and browsers). */
export function base64OfBytes(b) {
    let s = "";
    for (let i = 0; i < b.length; i += 0x8000) {
        s += String.fromCharCode(...b.subarray(i, i + 0x8000));
    }
    return btoa(s);
}
/** Decodes base64 into bytes (works in Node and browsers). */
export function bytesOfBase64(s) {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++)
        out[i] = bin.charCodeAt(i);
    return out;
}
/** The UTF-8 text of a packet's base64 data. */
export function textOfBase64(s) {
    return new TextDecoder().decode(bytesOfBase64(s));
}
/** Turns BusSendInput into the params on the wire. */
export function busSendParams(p) {
    return { ...p, data: typeof p.data === "string" ? p.data : base64OfBytes(p.data) };
}
