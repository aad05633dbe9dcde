// The wallet screen: the selected account's balance (live from the
// wallet.balance topic), unlock and lock, and the accounts: create (the
// recovery phrase shown once, confirmed by typing it again) and recover.

import { html, useState, useApp, stg, short, Figure } from "./lib.js";

// The phrase of the account just created, until it is confirmed: kept in
// this page's memory only (never stored), so that leaving the screen and
// coming back does not lose it.
let pendingPhrase = undefined;

export function WalletScreen() {
  const { account, accounts } = useApp();
  const [phrase, setPhraseState] = useState(pendingPhrase);
  const setPhrase = (p) => {
    pendingPhrase = p;
    setPhraseState(p);
  };
  return html`
    ${phrase ? html`<${PhraseBox} phrase=${phrase} onDone=${() => setPhrase(undefined)} />` : null}
    ${account ? html`<${BalanceCard} />` : null}
    ${account ? html`<${AccountCard} />` : null}
    ${accounts && accounts.length === 0
      ? html`<p class="card notice">This wallet has no account yet: create one, or recover one from its recovery phrase.</p>`
      : null}
    <div class="columns">
      <${CreateAccount} onCreated=${(name, p) => setPhrase({ name, words: p })} />
      <${RecoverAccount} />
    </div>
    <${NodeCard} />
  `;
}

function BalanceCard() {
  const { balance, balanceNote, account } = useApp();
  const b = balance;
  return html`<section class="card balance" aria-labelledby="balance-title">
    <h2 id="balance-title">Balance of ${account.name}</h2>
    <dl class="figures">
      <${Figure} id="balance-available" label="Available" value=${stg(b?.available)} hint="confirmed, spendable now" />
      <${Figure} id="balance-pending" label="Pending" value=${stg(b?.pending)} hint="on its way in, not in a block yet" />
      <${Figure} id="balance-locked" label="Locked" value=${stg(b?.locked)} hint="reserved by your pending transactions" />
      <${Figure} id="balance-staked" label="Staked" value=${stg(b?.staked)} hint="bonded to validators" />
    </dl>
    ${!b && balanceNote ? html`<p class="hint" id="balance-note">${balanceNote}</p>` : null}
    ${b ? html`<p class="hint">Updated live as blocks and payments arrive.</p>` : null}
  </section>`;
}

function AccountCard() {
  const { account, client, run, refreshAccounts, navigate, sync } = useApp();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const unlock = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    const ok = await run(() => client.unlock({ account: account.id, password }));
    setBusy(false);
    if (ok) {
      setPassword("");
      await run(refreshAccounts);
    }
  };
  const lock = async () => {
    setBusy(true);
    const ok = await run(() => client.lock(account.id));
    setBusy(false);
    if (ok) await run(refreshAccounts);
  };
  return html`<section class="card" aria-labelledby="account-title">
    <h2 id="account-title">Account ${account.name}</h2>
    <dl class="facts">
      <div><dt>Address</dt><dd class="mono" title=${account.address}>${short(account.address, 16, 8)}</dd></div>
      <div><dt>State</dt><dd id="account-state">${account.locked ? "locked" : "unlocked"}${account.viewOnly ? ", view only" : ""}</dd></div>
      <div><dt>Scanned up to</dt><dd>block ${sync?.scannedHeight ?? account.scannedHeight}</dd></div>
    </dl>
    <div class="actions">
      <button type="button" class="quiet" onClick=${() => navigate("receive")}>Show address and QR code</button>
    </div>
    ${account.locked
      ? html`<form class="inline-form" onSubmit=${unlock}>
          <p class="hint">
            Locked: the spend key is not in memory. After a node restart a locked account does not scan new blocks
            until it is unlocked.
          </p>
          <input class="sr-only" type="text" autocomplete="username" value=${account.name} readonly tabindex="-1" aria-hidden="true" />
          <label for="unlock-password">Password of ${account.name}</label>
          <div class="row">
            <input
              id="unlock-password"
              type="password"
              autocomplete="current-password"
              required
              value=${password}
              onInput=${(e) => setPassword(e.currentTarget.value)}
            />
            <button type="submit" id="unlock-submit" class="primary" disabled=${busy || !client}>
              ${busy ? "Unlocking…" : "Unlock"}
            </button>
          </div>
        </form>`
      : html`<div class="actions">
          <button type="button" id="lock-button" disabled=${busy || !client} onClick=${lock}>Lock</button>
          <span class="hint">Locking forgets the spend key; the account keeps scanning.</span>
        </div>`}
  </section>`;
}

function CreateAccount({ onCreated }) {
  const { client, run, refreshAccounts, selectAccount } = useApp();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    const res = await run(() => client.createAccount({ name: name.trim(), password }));
    setBusy(false);
    if (!res) return;
    setName("");
    setPassword("");
    onCreated(res.account.name, res.phrase);
    selectAccount(res.account.name);
    await run(refreshAccounts);
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="create-title">
    <h2 id="create-title">Create an account</h2>
    <label for="account-create-name">Name</label>
    <input
      id="account-create-name"
      autocomplete="username"
      required
      pattern="[A-Za-z0-9_.@\\-]+"
      aria-describedby="create-name-hint"
      value=${name}
      onInput=${(e) => setName(e.currentTarget.value)}
    />
    <p class="hint" id="create-name-hint">Letters and digits of one script, and - _ . inside</p>
    <label for="account-create-password">Password</label>
    <input
      id="account-create-password"
      type="password"
      autocomplete="new-password"
      required
      aria-describedby="create-password-hint"
      value=${password}
      onInput=${(e) => setPassword(e.currentTarget.value)}
    />
    <p class="hint" id="create-password-hint">Encrypts the account's keys on the node.</p>
    <button type="submit" id="account-create-submit" class="primary" disabled=${busy || !client}>
      ${busy ? "Creating…" : "Create"}
    </button>
  </form>`;
}

function PhraseBox({ phrase, onDone }) {
  const { setError } = useApp();
  const [typed, setTyped] = useState("");
  const words = phrase.words.trim().split(/\s+/);
  const confirm = (ev) => {
    ev.preventDefault();
    const got = typed.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (got.length === words.length && got.every((w, i) => w === words[i])) {
      setError("");
      onDone();
      return;
    }
    const wrong = words.findIndex((w, i) => got[i] !== w);
    setError(
      got.length !== words.length
        ? `the phrase has ${words.length} words; you typed ${got.length}`
        : `word ${wrong + 1} does not match: check it and type the whole phrase again`,
    );
  };
  // The words as text separated by single spaces (numbered by CSS), so the
  // phrase can be selected and copied as it must be typed.
  const children = [];
  words.forEach((w, i) => {
    if (i > 0) children.push(" ");
    children.push(html`<span class="word">${w}</span>`);
  });
  return html`<section class="card phrase-card" aria-labelledby="phrase-title">
    <h2 id="phrase-title">Recovery phrase of ${phrase.name}</h2>
    <p class="warning">
      Write these 24 words down, in order, and keep them offline. They are shown this once: the node never shows
      them again. Anyone who has them can spend this account's money.
    </p>
    <p id="phrase-words" class="phrase">${children}</p>
    <form onSubmit=${confirm}>
      <label for="phrase-confirm-input">Type the whole phrase again to confirm you have it</label>
      <textarea
        id="phrase-confirm-input"
        rows="3"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        value=${typed}
        onInput=${(e) => setTyped(e.currentTarget.value)}
      ></textarea>
      <button type="submit" id="phrase-confirm-submit" class="primary">Confirm</button>
    </form>
  </section>`;
}

function RecoverAccount() {
  const { client, run, refreshAccounts, selectAccount } = useApp();
  const [name, setName] = useState("");
  const [phrase, setPhrase] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setDone("");
    const acct = await run(() =>
      client.recoverAccount({ name: name.trim(), phrase: phrase.trim().toLowerCase().split(/\s+/).join(" "), password }),
    );
    setBusy(false);
    if (!acct) return;
    setName("");
    setPhrase("");
    setPassword("");
    setDone(`Recovered ${acct.name}: it scans the chain from block 1; the status above shows how far.`);
    selectAccount(acct.name);
    await run(refreshAccounts);
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="recover-title">
    <h2 id="recover-title">Recover an account</h2>
    <label for="recover-name">Name</label>
    <input id="recover-name" autocomplete="username" required value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
    <label for="recover-phrase">Recovery phrase (24 words)</label>
    <textarea
      id="recover-phrase"
      rows="3"
      autocomplete="off"
      autocapitalize="off"
      spellcheck="false"
      required
      value=${phrase}
      onInput=${(e) => setPhrase(e.currentTarget.value)}
    ></textarea>
    <label for="recover-password">New password</label>
    <input
      id="recover-password"
      type="password"
      autocomplete="new-password"
      required
      value=${password}
      onInput=${(e) => setPassword(e.currentTarget.value)}
    />
    <button type="submit" id="recover-submit" class="primary" disabled=${busy || !client}>
      ${busy ? "Recovering…" : "Recover"}
    </button>
    ${done ? html`<p class="ok" role="status">${done}</p>` : null}
  </form>`;
}

function NodeCard() {
  const { node, height } = useApp();
  if (!node) return null;
  return html`<section class="card" aria-labelledby="node-title">
    <h2 id="node-title">Node</h2>
    <dl class="facts">
      <div><dt>Network</dt><dd>${node.network}</dd></div>
      <div><dt>Chain</dt><dd class="mono">${node.chainId}</dd></div>
      <div><dt>Latest block</dt><dd>${Math.max(height, node.height)}</dd></div>
      <div><dt>Peers</dt><dd>${node.peers}</dd></div>
      <div><dt>Version</dt><dd class="mono">${node.version}</dd></div>
      <div><dt>Supply</dt><dd class="amount">${stg(node.supply)}</dd></div>
    </dl>
    ${node.network !== "mainnet"
      ? html`<p class="hint">A ${node.network} chain: its coins have no value. Never send real value to its demo accounts.</p>`
      : null}
  </section>`;
}
