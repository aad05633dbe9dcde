// Shared pieces of the web wallet: Preact with htm (vendored), the SDK's
// browser build, the app's context and small helpers. Every call to the
// node goes through the SDK (WebClient); amounts are integers in µSTG and
// are converted with the SDK's exact helpers, never with floating point.

import {
  createContext,
  html,
  render,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "./vendor/htm/standalone.module.js";
import { formatSTGFixed, parseSTG, StegosError } from "./sdk/web.js";

export { createContext, html, render, useCallback, useContext, useEffect, useMemo, useRef, useState };
export * as sdk from "./sdk/web.js";

/**
 * The app's context: { client, conn, accounts, account, balance, sync,
 * height, events, run, refreshAccounts, selectAccount, navigate }.
 */
export const App = createContext(null);

export function useApp() {
  return useContext(App);
}

/** µSTG as the screens show it: "1234.500000 STG" (always 6 decimals). */
export function stg(micro) {
  if (micro === undefined || micro === null) return "—";
  return `${formatSTGFixed(micro)} STG`;
}

/** Parses what a person typed as an amount of STG; undefined when empty, a RangeError when invalid. */
export function parseAmount(text) {
  const t = (text ?? "").trim();
  if (t === "") return undefined;
  return parseSTG(t);
}

/** The first and last few characters of a long id or address. */
export function short(s, head = 10, tail = 6) {
  if (!s) return "";
  return s.length <= head + tail + 1 ? s : `${s.slice(0, head)}…${s.slice(-tail)}`;
}

/** A time as the reader's locale shows it. */
export function when(t) {
  if (!t) return "";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toLocaleString();
}

/** The message to show for a failure: the API's own message for its errors. */
export function message(e) {
  if (e instanceof StegosError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The value, once it has not changed for ms (the latest value wins). */
export function useDebounced(value, ms) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Subscribes a component to one kind of the session's events while it is mounted. */
export function useEvent(events, kind, handler) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!events) return undefined;
    return events.on(kind, (e) => ref.current(e));
  }, [events, kind]);
}

/** A tiny event bus: on(kind, fn) returns the function that removes fn. */
export class Events {
  constructor() {
    this.handlers = new Map();
  }
  on(kind, fn) {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }
  emit(kind, payload) {
    for (const fn of this.handlers.get(kind) ?? []) {
      try {
        fn(payload);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

/** Copies text to the clipboard; resolves to whether it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A labelled figure: <div><dt>label</dt><dd id=…>value</dd></div>. */
export function Figure({ id, label, value, hint }) {
  return html`<div class="figure">
    <dt>${label}</dt>
    <dd id=${id} class="amount">${value}</dd>
    ${hint ? html`<dd class="hint">${hint}</dd>` : null}
  </div>`;
}
