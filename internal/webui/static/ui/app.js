// The Stegos web wallet: a single-page app served by stegosd from files
// compiled into the binary. It talks to the node only through the
// TypeScript SDK's browser build (./sdk/web.js) over one WebSocket of this
// origin; the element ids the browser tests drive are listed in
// internal/webui/ui-contract.md.

import { html, render, useState, useEffect, useRef, useCallback, useMemo, App, Events, message, sdk, useApp } from "./lib.js";
import { Session, takeToken, saveToken, forgetToken } from "./session.js";
import { Login } from "./login.js";
import { WalletScreen } from "./wallet.js";
import { ReceiveScreen } from "./receive.js";
import { SendScreen } from "./send.js";
import { HistoryScreen } from "./history.js";
import { StakingScreen } from "./staking.js";
import { ChatScreen, RedPacketsScreen, OtcScreen } from "./soon.js";

const screens = [
  { id: "wallet", label: "Wallet", icon: "◈", View: WalletScreen },
  { id: "receive", label: "Receive", icon: "↓", View: ReceiveScreen },
  { id: "send", label: "Send", icon: "↑", View: SendScreen },
  { id: "history", label: "History", icon: "≡", View: HistoryScreen },
  { id: "staking", label: "Staking", icon: "⚑", View: StakingScreen },
  { id: "chat", label: "Chat", icon: "✉", View: ChatScreen },
  { id: "redpackets", label: "Red packets", icon: "✦", View: RedPacketsScreen },
  { id: "otc", label: "OTC", icon: "⇄", View: OtcScreen },
];

const accountKey = "stegos.account";

function initialScreen() {
  const s = history.state?.screen;
  return screens.some((x) => x.id === s) ? s : "wallet";
}

function Root() {
  const [token, setToken] = useState(() => takeToken());
  const [loginError, setLoginError] = useState("");
  if (!token) {
    return html`<${Login}
      error=${loginError}
      onToken=${(t) => {
        saveToken(t);
        setLoginError("");
        setToken(t);
      }}
    />`;
  }
  return html`<${Wallet}
    key=${token}
    token=${token}
    onLogout=${(why) => {
      forgetToken();
      setLoginError(why ?? "");
      setToken("");
    }}
  />`;
}

function Wallet({ token, onLogout }) {
  const events = useMemo(() => new Events(), []);
  const [conn, setConn] = useState({ conn: "connecting" });
  const [error, setError] = useState("");
  const [screen, setScreen] = useState(initialScreen);
  const [accounts, setAccounts] = useState(undefined);
  const [selected, setSelected] = useState(() => localStorage.getItem(accountKey) ?? "");
  const [balance, setBalance] = useState(undefined);
  const [balanceNote, setBalanceNote] = useState("");
  const [sync, setSync] = useState(undefined);
  const [height, setHeight] = useState(0);
  const [node, setNode] = useState(undefined);
  const sessionRef = useRef(undefined);
  const client = conn.conn === "online" ? conn.client : undefined;

  useEffect(() => {
    const s = new Session(token, events, (st) => {
      if (st.conn === "unauthorized") {
        onLogout(st.error);
        return;
      }
      setConn(st);
    });
    sessionRef.current = s;
    s.start();
    return () => s.stop();
  }, [token]);

  // The screen in the history, so Back goes to the previous screen; the
  // address stays "/" (no token, no state in the URL).
  useEffect(() => {
    const onPop = (ev) => {
      const s = ev.state?.screen;
      if (screens.some((x) => x.id === s)) setScreen(s);
    };
    addEventListener("popstate", onPop);
    if (!history.state?.screen) history.replaceState({ screen }, "", location.pathname);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const navigate = useCallback((id) => {
    setError("");
    setScreen(id);
    if (history.state?.screen !== id) history.pushState({ screen: id }, "", location.pathname);
    // Keyboard focus to the new screen, the page back to its top.
    document.getElementById("main")?.focus({ preventScroll: true });
    scrollTo(0, 0);
  }, []);

  const account = accounts?.find((a) => a.name === selected) ?? accounts?.[0];
  const accountRef = useRef(account);
  accountRef.current = account;
  const balanceRef = useRef(balance);
  balanceRef.current = balance;
  const syncRef = useRef(sync);
  syncRef.current = sync;

  const refreshAccounts = useCallback(async () => {
    if (!client) return undefined;
    const list = await client.listAccounts();
    setAccounts(list);
    return list;
  }, [client]);

  const selectAccount = useCallback((name) => {
    setSelected(name);
    try {
      localStorage.setItem(accountKey, name);
    } catch {
      // not kept across reloads
    }
  }, []);

  // The account's figures: read them afresh on every (re)connection and
  // change of account, then follow the notifications.
  const refreshFigures = useCallback(
    async (acct) => {
      if (!client || !acct) {
        setBalance(undefined);
        setSync(undefined);
        return;
      }
      // An answer about an account no longer selected is dropped.
      const current = () => accountRef.current?.id === acct.id;
      try {
        const s = await client.syncStatus(acct.id);
        if (current()) setSync(s);
      } catch (e) {
        if (current()) setSync(undefined);
      }
      try {
        const b = await client.balance(acct.id);
        if (!current()) return;
        setBalance(b);
        setBalanceNote("");
      } catch (e) {
        if (!current()) return;
        setBalance(undefined);
        setBalanceNote(message(e));
        if (sdk.isSyncing(e) && e.data) setSync(e.data);
      }
    },
    [client],
  );

  useEffect(() => {
    if (!client) return;
    refreshAccounts().catch((e) => setError(message(e)));
    client
      .nodeStatus()
      .then((s) => {
        setNode(s);
        setHeight(s.height);
      })
      .catch(() => undefined);
  }, [client]);

  useEffect(() => {
    void refreshFigures(account);
  }, [client, account?.id, account?.locked]);

  useEffect(() => {
    const offs = [
      events.on("balance", (e) => {
        if (e.account !== accountRef.current?.id) return;
        setBalance(e);
        setBalanceNote("");
      }),
      events.on("sync", (e) => {
        const a = accountRef.current;
        if (e.account !== a?.id) return;
        const prev = syncRef.current;
        syncRef.current = e;
        setSync(e);
        // Synced now after scanning or being locked (or synced without a
        // balance read yet): the balance is final, read it.
        if (e.synced && (!prev?.synced || balanceRef.current === undefined)) void refreshFigures(a);
      }),
      events.on("block", (e) => setHeight(e.height)),
    ];
    return () => offs.forEach((off) => off());
  }, [events, refreshFigures]);

  /**
   * Runs a user's action: clears the error, shows the API's message in
   * #error when it fails, and resolves to the action's result (undefined
   * on failure).
   */
  const run = useCallback(async (fn) => {
    setError("");
    try {
      return await fn();
    } catch (e) {
      setError(message(e));
      return undefined;
    }
  }, []);

  const ctx = {
    client,
    conn,
    events,
    accounts,
    account,
    balance,
    balanceNote,
    sync,
    height,
    node,
    run,
    setError,
    refreshAccounts,
    refreshFigures,
    selectAccount,
    navigate,
  };
  const current = screens.find((s) => s.id === screen) ?? screens[0];
  const View = current.View;
  useEffect(() => {
    document.title = `${current.label} · Stegos wallet`;
  }, [current.label]);

  return html`<${App.Provider} value=${ctx}>
    <div class="shell">
      <button type="button" class="skip primary" onClick=${() => document.getElementById("main")?.focus()}>Skip to the screen</button>
      <header class="topbar">
        <div class="brand">
          <img src="/ui/icons/icon.svg" alt="" width="28" height="28" />
          <span>Stegos</span>
        </div>
        <${AccountPicker} />
        <${SyncStatus} />
        <button type="button" id="logout" class="quiet" onClick=${() => onLogout("")}>Log out</button>
      </header>
      <nav class="nav" aria-label="Screens">
        <ul>
          ${screens.map(
            (s) => html`<li key=${s.id}>
              <button
                type="button"
                data-nav=${s.id}
                aria-current=${s.id === screen ? "page" : undefined}
                onClick=${() => navigate(s.id)}
              >
                <span class="nav-icon" aria-hidden="true">${s.icon}</span>
                <span class="nav-label">${s.label}</span>
              </button>
            </li>`,
          )}
          <li>
            <a href="/explorer" class="nav-link">
              <span class="nav-icon" aria-hidden="true">⌕</span>
              <span class="nav-label">Explorer</span>
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" tabindex="-1">
        <${ConnBanner} conn=${conn} onRetry=${() => sessionRef.current?.retryNow()} />
        <div class=${error ? "error-box" : "error-box empty"}>
          <div id="error" role="alert">${error}</div>
          <button
            type="button"
            class="quiet small"
            id="error-dismiss"
            aria-label="Dismiss the error"
            hidden=${!error}
            onClick=${() => setError("")}
          >
            ✕
          </button>
        </div>
        <h1 class="screen-title">${current.label}</h1>
        <${View} key=${current.id} />
      </main>
    </div>
  </${App.Provider}>`;
}

function ConnBanner({ conn, onRetry }) {
  if (conn.conn === "online") return null;
  if (conn.conn === "connecting") {
    return html`<p class="banner" role="status">Connecting to the node…</p>`;
  }
  return html`<div class="banner warn" role="status">
    <span>${conn.error} — trying again in ${Math.round((conn.retryIn ?? 0) / 1000)} s.</span>
    <button type="button" class="small" onClick=${onRetry}>Retry now</button>
  </div>`;
}

function AccountPicker() {
  const { accounts, account, selectAccount } = useApp();
  if (!accounts) return html`<div class="account-picker"></div>`;
  return html`<div class="account-picker">
    <label for="account-select" class="sr-only">Account</label>
    <select
      id="account-select"
      value=${account?.name ?? ""}
      onChange=${(e) => selectAccount(e.currentTarget.value)}
      disabled=${accounts.length === 0}
    >
      ${accounts.length === 0 ? html`<option value="">No account yet</option>` : null}
      ${accounts.map(
        (a) => html`<option key=${a.id} value=${a.name}>
          ${a.name}${a.viewOnly ? " (view only)" : ""}${a.locked ? " 🔒" : ""}
        </option>`,
      )}
    </select>
  </div>`;
}

function SyncStatus() {
  const { sync, account, conn, height } = useApp();
  let text;
  let pct;
  if (conn.conn !== "online") text = "Offline";
  else if (!account) text = "No account";
  else if (!sync) text = "…";
  else if (sync.synced) text = `Synced · block ${sync.scannedHeight}`;
  else if (sync.state === "locked") text = "Locked: unlock to scan";
  else if (sync.state === "waiting for node") text = `Waiting for the node${sync.reason ? `: ${sync.reason}` : ""}`;
  else {
    const tip = Math.max(sync.chainHeight, height);
    pct = tip > 0 ? Math.floor((sync.scannedHeight * 100) / tip) : 0;
    text = `Scanning ${sync.scannedHeight} / ${tip} (${pct}%)`;
  }
  // #sync-status changes with every block: not a live region (a screen
  // reader would read every block); the state alone is announced.
  const state = conn.conn !== "online" ? "offline" : (sync?.state ?? "");
  return html`<div class="sync">
    <span id="sync-status" data-synced=${sync?.synced && conn.conn === "online" ? "true" : "false"} data-state=${sync?.state ?? ""}>
      ${text}
    </span>
    <span class="sr-only" role="status">${state}</span>
    ${pct !== undefined ? html`<progress max="100" value=${pct} aria-label="Scan progress"></progress>` : null}
  </div>`;
}

const root = document.getElementById("app");
root.textContent = ""; // the "Loading…" placeholder
render(html`<${Root} />`, root);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((e) => console.warn("service worker:", e.message));
}
