// The staking screen: the validators (chain.validators), the account's
// stakes and the validators it owns (wallet.stakes), staking to a
// validator by its token or key, withdrawing the rewards of the owned
// validators, unstaking unlocked stake, and the Validator Service Award:
// its pool, the next draw, past winners and the account's odds. Re-read as
// blocks arrive (at most every 3 s).

import { html, useState, useEffect, useRef, useApp, useEvent, stg, short, parseAmount, message } from "./lib.js";

export function StakingScreen() {
  const { client, account, events, run } = useApp();
  const [vals, setVals] = useState(undefined);
  const [mine, setMine] = useState(undefined);
  const [mineNote, setMineNote] = useState("");
  const [pool, setPool] = useState(undefined);
  const [awards, setAwards] = useState(undefined);
  const [validator, setValidator] = useState("");
  const [result, setResult] = useState(undefined);
  const [pace, setPace] = useState(undefined); // ms per block, as observed here
  const firstBlock = useRef(undefined);
  const last = useRef(0);
  const timer = useRef(undefined);

  const load = async () => {
    if (!client) return;
    last.current = Date.now();
    const [v, p, a] = await Promise.allSettled([client.validators(), client.awardPool(), client.awards(10)]);
    if (v.status === "fulfilled") setVals(v.value);
    if (p.status === "fulfilled") setPool(p.value);
    if (a.status === "fulfilled") setAwards(a.value);
    if (account) {
      try {
        setMine(await client.stakes(account.id));
        setMineNote("");
      } catch (e) {
        setMine(undefined);
        setMineNote(message(e));
      }
    }
  };
  const reloadSoon = () => {
    if (timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        void load();
      },
      Math.max(0, 3000 - (Date.now() - last.current)),
    );
  };
  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [client, account?.id]);
  useEvent(events, "block", (b) => {
    const t = Date.parse(b.time);
    if (!firstBlock.current) firstBlock.current = { height: b.height, t };
    else if (b.height > firstBlock.current.height) {
      setPace((t - firstBlock.current.t) / (b.height - firstBlock.current.height));
    }
    reloadSoon();
  });
  useEvent(events, "txStatus", (e) => {
    setResult((r) => (r && r.txId === e.txId ? { ...r, status: e.status, reason: e.reason } : r));
  });

  const owned = new Set((mine?.validators ?? []).map((v) => v.key));

  const withdraw = async () => {
    const withRewards = (mine?.validators ?? []).filter((v) => v.rewards > 0);
    if (!mine) {
      await run(() => client.withdrawRewards({ account: account.id }));
      return;
    }
    if (mine.validators.length === 0) {
      run(() => Promise.reject(new Error("this account owns no validator: rewards go to the account that made a validator's first stake")));
      return;
    }
    if (withRewards.length === 0) {
      run(() => Promise.reject(new Error("no rewards to withdraw yet")));
      return;
    }
    for (const v of withRewards) {
      const r = await run(() => client.withdrawRewards({ account: account.id, validator: v.key }));
      if (!r) break;
      setResult({ ...r, what: `Withdrew the rewards of ${short(v.key, 8, 4)}` });
    }
    reloadSoon();
  };

  const unstake = async (s) => {
    const r = await run(() => client.unstake({ account: account.id, validator: s.validator }));
    if (r) setResult({ ...r, what: `Unstaked from ${short(s.validator, 8, 4)}` });
    reloadSoon();
  };

  return html`
    <${AwardCard} pool=${pool} awards=${awards} vals=${vals} mine=${mine} owned=${owned} pace=${pace} />
    ${result ? html`<${TxResult} r=${result} />` : null}
    ${account
      ? html`<section class="card" aria-labelledby="mine-title">
          <h2 id="mine-title">Stakes of ${account.name}</h2>
          ${mineNote ? html`<p class="hint">${mineNote}</p>` : null}
          ${mine ? html`<${MyStakes} mine=${mine} onUnstake=${unstake} />` : null}
          <div class="actions">
            <button type="button" id="rewards-withdraw" class="primary" disabled=${!client} onClick=${withdraw}>
              Withdraw rewards
            </button>
            <span class="hint">
              ${mine?.validators.length
                ? `Accrued: ${stg(mine.validators.reduce((s, v) => s + v.rewards, 0))}`
                : "Rewards go to the account that made a validator's first stake."}
            </span>
          </div>
        </section>`
      : null}
    ${account
      ? html`<${StakeForm} validator=${validator} setValidator=${setValidator} onStaked=${(r) => {
          setResult(r);
          reloadSoon();
        }} />`
      : null}
    <section class="card" aria-labelledby="validators-title">
      <h2 id="validators-title">Validators</h2>
      ${vals
        ? html`<p class="hint">
            Block ${vals.height}, epoch ${vals.epoch}; the validator set changes next at block ${vals.nextEpoch}.
          </p>`
        : html`<p class="hint">Loading…</p>`}
      <table id="staking-validators" class="table">
        <thead>
          <tr>
            <th scope="col">Validator</th>
            <th scope="col">Stake</th>
            <th scope="col">Rewards</th>
            <th scope="col">State</th>
            <th scope="col">This period</th>
            <th scope="col">In the draw</th>
            <th scope="col"><span class="sr-only">Action</span></th>
          </tr>
        </thead>
        <tbody>
          ${(vals?.validators ?? []).map(
            (v) => html`<tr class="validator-row" key=${v.key} data-key=${v.key}>
              <td data-label="Validator">
                <span class="mono" title=${v.key}>${short(v.key, 8, 6)}</span>
                ${owned.has(v.key) ? html` <span class="badge">yours</span>` : null}
              </td>
              <td data-label="Stake" class="amount">${stg(v.stake)}</td>
              <td data-label="Rewards" class="amount">${stg(v.rewards)}</td>
              <td data-label="State">${v.tombstoned ? "tombstoned" : v.jailed ? `jailed${v.unjailAt ? ` until ${v.unjailAt}` : ""}` : v.active ? "active" : "standby"}</td>
              <td data-label="This period">${v.periodSigned} signed, ${v.periodMissed} missed</td>
              <td data-label="In the draw">${v.eligible ? "eligible" : "not eligible"}</td>
              <td data-label="">
                <button type="button" class="small" onClick=${() => {
                  setValidator(v.key);
                  document.getElementById("stake-amount")?.focus();
                }}>Stake to it</button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}

function AwardCard({ pool, awards, vals, mine, owned, pace }) {
  const eligible = (vals?.validators ?? []).filter((v) => v.eligible).length;
  const myEligible = (mine?.validators ?? []).filter((v) => v.eligible).length;
  let odds;
  if (!vals) odds = "…";
  else if (eligible === 0) odds = "No validator is eligible in this period so far: nobody would win if it ended now.";
  else if (!mine) odds = `${eligible} eligible validator${eligible === 1 ? "" : "s"}, one ticket each.`;
  else if (myEligible === 0)
    odds = `You hold none of the ${eligible} tickets: a validator of yours that stays online for the whole period gets one.`;
  else
    odds = `You hold ${myEligible} of ${eligible} ticket${eligible === 1 ? "" : "s"}: a ${pct(myEligible, eligible)} chance to win the next draw.`;
  let next = "…";
  if (pool) {
    const left = pool.nextDraw - pool.height;
    next = `block ${pool.nextDraw}`;
    if (left > 0) next += `, in ${left} block${left === 1 ? "" : "s"}${pace ? ` (about ${duration(left * pace)})` : ""}`;
  }
  return html`<section class="card award" aria-labelledby="award-title">
    <h2 id="award-title">Validator Service Award</h2>
    <p class="hint">
      A fifth of every block reward feeds the pool; at the end of each period one validator that stayed online the
      whole period wins all of it, drawn from the randomness beacon, one ticket each whatever its stake.
    </p>
    <dl class="figures">
      <div class="figure"><dt>Pool</dt><dd id="award-pool" class="amount">${pool ? stg(pool.pool) : "—"}</dd></div>
      <div class="figure"><dt>Next draw</dt><dd id="award-next-draw">${next}</dd></div>
    </dl>
    <p id="award-odds">${odds}</p>
    <h3>Past winners</h3>
    <div id="award-winners">
      ${awards === undefined
        ? html`<p class="hint">…</p>`
        : awards.length === 0
          ? html`<p class="hint">No draw yet.</p>`
          : html`<ol class="winners">
              ${awards.map(
                (a) => html`<li key=${a.height}>
                  ${`Block ${a.height}: `}
                  ${a.winner
                    ? html`<span class="mono" title=${a.winner}>${short(a.winner, 8, 6)}</span>${`${owned.has(a.winner) ? " (yours)" : ""} won ${stg(a.amount)} among ${a.eligible} eligible`}`
                    : "nobody was eligible; the pool carries over"}
                </li>`,
              )}
            </ol>`}
    </div>
  </section>`;
}

function MyStakes({ mine, onUnstake }) {
  return html`
    ${mine.stakes.length === 0 ? html`<p class="hint">No stake.</p>` : null}
    <ul class="stakes">
      ${mine.stakes.map(
        (s) => html`<li key=${s.id} class="stake-row" data-validator=${s.validator}>
          <span class="amount">${stg(s.amount)}</span> to <span class="mono" title=${s.validator}>${short(s.validator, 8, 6)}</span>
          <span class="hint">
            ${s.pending ? "being spent" : s.unlocked ? "unlocked" : `locked until block ${s.unlockHeight}`}
          </span>
          ${s.unlocked && !s.pending
            ? html`<button type="button" class="small" onClick=${() => onUnstake(s)}>Unstake</button>`
            : null}
        </li>`,
      )}
    </ul>
    ${mine.validators.length
      ? html`<h3>Validators you own</h3>
          <ul class="stakes">
            ${mine.validators.map(
              (v) => html`<li key=${v.key}>
                <span class="mono" title=${v.key}>${short(v.key, 8, 6)}</span>
                <span>rewards <span class="amount">${stg(v.rewards)}</span></span>
                <span class="hint">${`${v.jailed ? "jailed" : v.active ? "active" : "standby"}, ${v.eligible ? "in the next draw" : "not in the next draw"}`}</span>
              </li>`,
            )}
          </ul>`
      : null}
  `;
}

function StakeForm({ validator, setValidator, onStaked }) {
  const { client, account, run } = useApp();
  const [amountText, setAmountText] = useState("");
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (ev) => {
    ev.preventDefault();
    let amount;
    try {
      amount = parseAmount(amountText);
    } catch (e) {
      run(() => Promise.reject(e));
      return;
    }
    if (!amount) {
      run(() => Promise.reject(new Error("type an amount of STG to stake")));
      return;
    }
    setBusy(true);
    const v = validator.trim();
    const r = await run(() => client.stake({ account: account.id, validator: v, amount, ...(force ? { force } : {}) }));
    setBusy(false);
    if (!r) return;
    setAmountText("");
    onStaked({ ...r, what: `Staked ${stg(r.amount)} to ${short(v, 10, 6)}` });
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="stake-title" novalidate>
    <h2 id="stake-title">Stake</h2>
    <p class="hint">
      Stake is locked for the network's lock period. A validator's first stake names it by its token
      (<code>stgval1…</code>, from <code>stegosd validator-info</code>), must be at least the minimum stake and makes
      this account its owner; a validator already staked can be named by its key.
    </p>
    <label for="stake-validator">Validator token or key</label>
    <input
      id="stake-validator"
      class="mono"
      autocomplete="off"
      spellcheck="false"
      value=${validator}
      onInput=${(e) => setValidator(e.currentTarget.value)}
    />
    <label for="stake-amount">Amount (STG)</label>
    <input id="stake-amount" inputmode="decimal" autocomplete="off" value=${amountText} onInput=${(e) => setAmountText(e.currentTarget.value)} />
    <label class="check">
      <input type="checkbox" id="stake-force" checked=${force} onChange=${(e) => setForce(e.currentTarget.checked)} />
      Stake even to a validator another account owns, or one that is jailed
    </label>
    <button type="submit" id="stake-submit" class="primary" disabled=${busy || !client}>${busy ? "Staking…" : "Stake"}</button>
  </form>`;
}

function TxResult({ r }) {
  return html`<section class="card result" aria-live="polite">
    <p id="staking-result" data-txid=${r.txId} data-status=${r.status}>
      ${`${r.what}: ${stg(r.amount)}, fee ${stg(r.fee)}: `}<strong class=${`status status-${r.status}`}>${r.status}</strong>${r.reason ? ` (${r.reason})` : ""}.
    </p>
    <p class="mono small">Transaction ${r.txId}</p>
  </section>`;
}

function pct(a, b) {
  const tenths = Math.round((a * 1000) / b);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
