// The history screen: the account's transactions (wallet.history), newest
// first, with their memos; re-read when the balance or a transaction's
// status changes and as blocks add confirmations. A sent payment can be
// proved (wallet.paymentProof), and any proof checked against the chain
// (wallet.verifyPaymentProof).

import { html, useState, useEffect, useRef, useApp, useEvent, stg, short, when, message, copyText } from "./lib.js";

const pageSize = 50;

export function HistoryScreen() {
  const { client, account, events, run } = useApp();
  const [entries, setEntries] = useState(undefined);
  const [limit, setLimit] = useState(pageSize);
  const [proof, setProof] = useState(undefined);
  const last = useRef(0);
  const timer = useRef(undefined);

  const load = async () => {
    if (!client || !account) return;
    last.current = Date.now();
    try {
      setEntries(await client.history({ account: account.id, limit }));
    } catch (e) {
      run(() => Promise.reject(e));
    }
  };
  // At most one reload every 2 s, however many events arrive.
  const reloadSoon = () => {
    if (timer.current) return;
    const wait = Math.max(0, 2000 - (Date.now() - last.current));
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void load();
    }, wait);
  };
  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [client, account?.id, limit]);
  useEvent(events, "balance", (e) => e.account === account?.id && reloadSoon());
  useEvent(events, "txStatus", (e) => e.account === account?.id && reloadSoon());
  useEvent(events, "block", () => reloadSoon());

  const prove = async (entry, payment) => {
    setProof({ txId: entry.txId, state: "creating" });
    const p = await run(() =>
      client.paymentProof({ account: account.id, txId: entry.txId, ...(payment ? { index: payment.index } : {}) }),
    );
    if (!p) {
      setProof(undefined);
      return;
    }
    setProof({ txId: entry.txId, proof: p, state: "verifying" });
    try {
      const check = await client.verifyPaymentProof(p.proof);
      setProof({ txId: entry.txId, proof: p, check, state: "done" });
    } catch (e) {
      setProof({ txId: entry.txId, proof: p, checkError: message(e), state: "done" });
    }
  };

  if (!account) {
    return html`<p class="card notice">Create or recover an account on the Wallet screen first.</p>`;
  }
  return html`
    ${proof ? html`<${ProofPanel} p=${proof} onClose=${() => setProof(undefined)} />` : null}
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">Transactions of ${account.name}</h2>
      ${entries === undefined ? html`<p class="hint">Loading…</p>` : null}
      ${entries?.length === 0 ? html`<p class="hint">No transaction yet.</p>` : null}
      <ul id="history-list" class="history">
        ${(entries ?? []).map((e, i) => html`<${Row} key=${e.txId || `restored-${i}`} e=${e} onProve=${prove} />`)}
      </ul>
      ${entries && entries.length >= limit
        ? html`<button type="button" class="quiet" onClick=${() => setLimit(limit + pageSize)}>Show more</button>`
        : null}
    </section>
    <${VerifyProof} />
  `;
}

const kindLabels = { stake: "Stake", unstake: "Unstake", withdraw: "Rewards withdrawn", unjail: "Unjail", restored: "Restored" };

function Row({ e, onProve }) {
  const label =
    kindLabels[e.kind] ?? { in: "Received", out: "Sent", self: "To yourself" }[e.direction] ?? e.direction;
  const amount =
    e.direction === "in" ? `+${stg(e.received)}` : e.direction === "out" ? `−${stg(e.sent)}` : stg(e.received || e.sent);
  const memos = (e.payments ?? []).filter((p) => p.memo);
  const canProve = e.direction === "out" && !e.kind && (e.payments ?? []).length > 0;
  return html`<li class=${`history-row dir-${e.direction}`} data-txid=${e.txId} data-direction=${e.direction} data-status=${e.status}>
    <div class="history-main">
      <span class="history-kind">${label}</span>
      <span class="history-amount amount">${amount}</span>
    </div>
    <div class="history-meta">
      <span class=${`status status-${e.status}`}>${e.status}</span>
      ${e.height ? html`<span>block ${e.height}</span>` : null}
      ${e.confirmations ? html`<span>${e.confirmations} confirmation${e.confirmations === 1 ? "" : "s"}</span>` : null}
      <span>${when(e.time)}</span>
      ${e.fee ? html`<span>fee ${stg(e.fee)}</span>` : null}
    </div>
    ${e.direction === "out"
      ? (e.payments ?? []).map(
          (p) => html`<div class="history-to">to <span class="mono" title=${p.address}>${short(p.address, 14, 8)}</span>: ${stg(p.amount)}</div>`,
        )
      : null}
    ${memos.map((p) => html`<p class="history-memo">${p.memo}</p>`)}
    ${e.reason ? html`<p class="hint">${e.reason}</p>` : null}
    <div class="history-foot">
      ${e.txId
        ? html`<span class="mono small" title=${e.txId}>${short(e.txId, 12, 6)}</span>`
        : html`<span class="small">found in the unspent outputs after the retention window; its transaction is gone</span>`}
      ${canProve
        ? html`<button type="button" class="history-proof small" onClick=${() => onProve(e)}>Payment proof</button>`
        : null}
    </div>
  </li>`;
}

function ProofPanel({ p, onClose }) {
  const [copied, setCopied] = useState("");
  const copy = async () => {
    setCopied((await copyText(p.proof.proof)) ? "Copied." : "The browser refused the clipboard: select the proof and copy it.");
  };
  return html`<section class="card proof" aria-labelledby="proof-title">
    <h2 id="proof-title">Payment proof</h2>
    ${p.state === "creating" ? html`<p class="hint" role="status">Creating the proof…</p>` : null}
    ${p.proof
      ? html`
          <p class="hint">
            ${`Whoever holds this proof can check that transaction ${short(p.txId, 12, 6)} paid ${stg(p.proof.amount)} to ${short(p.proof.address, 14, 8)}${p.proof.memo ? " and read its memo" : ""}; it shows nothing else.`}
          </p>
          <pre class="proof-text"><code id="proof-text">${p.proof.proof}</code></pre>
          <div class="actions">
            <button type="button" class="small" onClick=${copy}>Copy the proof</button>
            <span class="ok" role="status">${copied}</span>
          </div>
          <p id="proof-verified" role="status" data-valid=${p.check ? String(p.check.valid) : p.checkError ? "false" : ""}>
            ${p.state === "verifying" ? "Checking against the chain…" : null}
            ${p.check ? checkText(p.check) : null}
            ${p.checkError ? `Not verified: ${p.checkError}` : null}
          </p>
        `
      : null}
    <button type="button" class="quiet" onClick=${onClose}>Close</button>
  </section>`;
}

function checkText(c) {
  if (!c.valid) return "Not valid: this proof does not match the chain.";
  return `Verified: transaction ${short(c.txId, 12, 6)} paid ${stg(c.amount)} to ${short(c.address, 14, 8)}${
    c.memo ? ` with the memo “${c.memo}”` : ""
  }, in block ${c.height} (${c.confirmations} confirmation${c.confirmations === 1 ? "" : "s"}).`;
}

function VerifyProof() {
  const { client, run } = useApp();
  const [text, setText] = useState("");
  const [check, setCheck] = useState(undefined);
  const submit = async (ev) => {
    ev.preventDefault();
    setCheck(undefined);
    const c = await run(() => client.verifyPaymentProof(text.trim()));
    if (c) setCheck(c);
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="verify-title">
    <h2 id="verify-title">Check a payment proof</h2>
    <label for="proof-verify-input">Proof (stgproof1…)</label>
    <textarea
      id="proof-verify-input"
      rows="3"
      class="mono"
      spellcheck="false"
      required
      value=${text}
      onInput=${(e) => setText(e.currentTarget.value)}
    ></textarea>
    <button type="submit" id="proof-verify-submit" disabled=${!client}>Check</button>
    ${check ? html`<p id="proof-verify-result" role="status">${checkText(check)}</p>` : null}
  </form>`;
}
