// The login token and the one WebSocket of the page.
//
// The token arrives once in the fragment of the login link
// (http://127.0.0.1:3145/#token=…, which the browser never sends to a
// server), is kept in this origin's localStorage and is sent only in the
// WebSocket's first message (the SDK's WebClient). Another site cannot read
// it (same-origin storage) nor use it (the node accepts WebSockets only
// from its own origin, and a page cannot POST to the API).

import { WebClient, isUnauthorized, isStegosError } from "./sdk/web.js";
import { message } from "./lib.js";

const tokenKey = "stegos.token";

/**
 * Takes the token out of the address bar (#token=…) into storage, at once,
 * and returns the token to use, or "" when there is none.
 */
export function takeToken() {
  const m = /^#token=([^&]*)/.exec(location.hash);
  if (m) {
    const t = decodeURIComponent(m[1]).trim();
    history.replaceState(history.state, "", location.pathname + location.search);
    if (t) saveToken(t);
  }
  return loadToken();
}

export function loadToken() {
  try {
    return localStorage.getItem(tokenKey) ?? "";
  } catch {
    return "";
  }
}

export function saveToken(t) {
  try {
    localStorage.setItem(tokenKey, t);
  } catch {
    // storage refused (private mode): the token lives as long as the page
  }
}

export function forgetToken() {
  try {
    localStorage.removeItem(tokenKey);
  } catch {
    // nothing stored
  }
}

/**
 * One authenticated WebSocket with its subscriptions, reconnecting after a
 * failure (1 s, 2 s, 4 s … at most 15 s apart: each attempt costs the
 * node's budget of unauthenticated requests). `onState` hears
 * { conn: "connecting" | "online" | "offline" | "unauthorized", client,
 * error, retryIn }; `events` gets "balance", "sync", "txStatus" and
 * "block" with the notifications' payloads, and "online" after every
 * (re)connection, when the page must re-read its state: events sent while
 * offline are lost.
 */
export class Session {
  constructor(token, events, onState) {
    this.token = token;
    this.events = events;
    this.onState = onState;
    this.stopped = false;
    this.client = undefined;
    this.delay = 1000;
    this.timer = undefined;
  }

  start() {
    void this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    if (c) void c.close();
  }

  async connect() {
    if (this.stopped) return;
    this.onState({ conn: "connecting" });
    let client;
    try {
      client = await WebClient.connect({ token: this.token });
    } catch (e) {
      if (this.stopped) return;
      if (isUnauthorized(e)) {
        this.stopped = true;
        this.onState({ conn: "unauthorized", error: message(e) });
        return;
      }
      this.retry(e);
      return;
    }
    if (this.stopped) {
      void client.close();
      return;
    }
    this.client = client;
    client.onClose((code, reason) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (this.stopped) return;
      this.retry(new Error(`connection closed (${code}${reason ? `: ${reason}` : ""})`));
    });
    client.onError((err) => console.warn("stegos:", err.message));
    try {
      await Promise.all([
        client.onBalance((e) => this.events.emit("balance", e)),
        client.onSync((e) => this.events.emit("sync", e)),
        client.onTxStatus((e) => this.events.emit("txStatus", e)),
        client.onNewBlock((e) => this.events.emit("block", e)),
      ]);
    } catch (e) {
      if (this.client !== client) return; // closed meanwhile: retry is on its way
      this.client = undefined;
      void client.close();
      this.retry(e);
      return;
    }
    this.delay = 1000;
    this.onState({ conn: "online", client });
    this.events.emit("online", client);
  }

  retry(e) {
    if (this.stopped) return;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, 15_000);
    const rateLimited = isStegosError(e) && e.code === -32005;
    this.onState({
      conn: "offline",
      error: rateLimited ? message(e) : `cannot reach the node: ${message(e)}`,
      retryIn: wait,
    });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), wait);
  }

  /** Connects now instead of waiting for the next attempt. */
  retryNow() {
    if (this.stopped || this.client) return;
    clearTimeout(this.timer);
    void this.connect();
  }
}
