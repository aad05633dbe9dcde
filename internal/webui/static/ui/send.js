// The send screen: the recipient's address (typed, pasted, scanned with the
// camera or read from an image of a QR code), the amount in STG, a private
// memo, the fee (wallet.estimateFee, shown before sending and updated as the
// amount changes), then wallet.send and the transaction's status, live
// from the wallet.txStatus topic.

import { html, useState, useEffect, useRef, useApp, useDebounced, useEvent, stg, short, parseAmount, message, sdk } from "./lib.js";
import { loadJsQR, decodeCanvas, decodeImageFile, parsePaymentText } from "./qr.js";

const memoMaxBytes = 493;

export function SendScreen() {
  const { client, account, balance, run, setError, events } = useApp();
  const [to, setTo] = useState("");
  const [amountText, setAmountText] = useState("");
  const [memo, setMemo] = useState("");
  const [fee, setFee] = useState({ text: "—", note: "Type an amount to see the fee." });
  const [result, setResult] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const [scanNote, setScanNote] = useState("");

  let amount;
  let amountError = "";
  try {
    amount = parseAmount(amountText);
  } catch (e) {
    amountError = e.message;
  }
  const memoBytes = new TextEncoder().encode(memo).length;

  // The fee for the amount as typed, once it has not changed for 300 ms.
  const debounced = useDebounced(amountError ? undefined : amount, 300);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    if (!client || !account) {
      setFee({ text: "—", note: client ? "No account." : "Not connected." });
      return;
    }
    if (debounced === undefined || debounced === 0) {
      setFee({ text: "—", note: "Type an amount to see the fee." });
      return;
    }
    setFee((f) => ({ text: f.text, note: "Estimating…" }));
    client.estimateFee({ account: account.id, amount: debounced }).then(
      (est) => {
        if (n !== seq.current) return;
        setFee({
          text: stg(est.fee),
          micro: est.fee,
          note: `${est.inputs} input${est.inputs === 1 ? "" : "s"}, ${est.outputs} outputs, ${est.size} bytes; total ${stg(debounced + est.fee)}`,
        });
      },
      (e) => {
        if (n !== seq.current) return;
        let note = message(e);
        if (sdk.isInsufficientFunds(e) && e.data) {
          note = `${note}: available ${stg(e.data.available)}, needed ${stg(e.data.needed)}`;
          if (e.data.pending) note += `, pending ${stg(e.data.pending)}`;
        }
        setFee({ text: "—", note });
      },
    );
  }, [client, account?.id, debounced, balance?.available]);

  // The sent transaction's status, live.
  useEvent(events, "txStatus", (e) => {
    setResult((r) => (r && e.txId === r.txId ? { ...r, status: e.status, reason: e.reason, height: e.height } : r));
  });

  const fill = (text) => {
    const p = parsePaymentText(text);
    setTo(p.to);
    if (p.amount) setAmountText(p.amount);
    if (p.memo) setMemo(p.memo);
    setScanNote(`Scanned: ${short(p.to, 16, 8)}`);
  };

  const onFile = async (ev) => {
    const file = ev.currentTarget.files?.[0];
    ev.currentTarget.value = "";
    if (!file) return;
    setScanNote("Reading the image…");
    const text = await run(() => decodeImageFile(file));
    if (text) fill(text);
    else setScanNote("");
  };

  const submit = async (ev) => {
    ev.preventDefault();
    if (amountError) {
      setError(amountError);
      return;
    }
    if (!amount) {
      setError("type an amount of STG to send");
      return;
    }
    if (memoBytes > memoMaxBytes) {
      setError(`the memo is ${memoBytes} bytes; at most ${memoMaxBytes} fit`);
      return;
    }
    setBusy(true);
    const res = await run(() =>
      client.send({ account: account.id, to: to.trim(), amount, ...(memo ? { memo } : {}) }),
    );
    setBusy(false);
    if (!res) return;
    setResult({ ...res, to: to.trim(), memo });
    setTo("");
    setAmountText("");
    setMemo("");
  };

  if (!account) {
    return html`<p class="card notice">Create or recover an account on the Wallet screen first.</p>`;
  }
  return html`
    ${result ? html`<${SendResult} r=${result} />` : null}
    <form class="card send" onSubmit=${submit} aria-labelledby="send-title" novalidate>
      <h2 id="send-title">Pay from ${account.name}</h2>
      <label for="send-to">Recipient's address</label>
      <input
        id="send-to"
        class="mono"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        placeholder="dev1…"
        value=${to}
        onInput=${(e) => setTo(e.currentTarget.value)}
      />
      <div class="row wrap">
        <button type="button" id="send-scan-camera" onClick=${() => setCamera(true)} disabled=${camera}>
          Scan a QR code with the camera
        </button>
      </div>
      <label for="send-scan-file">Or read a QR code from an image</label>
      <input id="send-scan-file" type="file" accept="image/*" onChange=${onFile} />
      <p class="hint" role="status">${scanNote}</p>
      ${camera
        ? html`<${CameraScanner}
            onResult=${(text) => {
              setCamera(false);
              fill(text);
            }}
            onError=${(msg) => {
              setCamera(false);
              setError(msg);
            }}
            onCancel=${() => setCamera(false)}
          />`
        : null}
      <label for="send-amount">Amount (STG)</label>
      <input
        id="send-amount"
        inputmode="decimal"
        autocomplete="off"
        placeholder="0.000000"
        aria-describedby="send-amount-hint"
        aria-invalid=${amountError ? "true" : "false"}
        value=${amountText}
        onInput=${(e) => setAmountText(e.currentTarget.value)}
      />
      <p class="hint" id="send-amount-hint">
        ${amountError || (balance ? `Available: ${stg(balance.available)}` : "Up to 6 decimals (1 µSTG = 0.000001 STG).")}
      </p>
      <label for="send-memo">Memo (private: only the recipient reads it)</label>
      <textarea
        id="send-memo"
        rows="2"
        maxlength="493"
        aria-describedby="send-memo-hint"
        value=${memo}
        onInput=${(e) => setMemo(e.currentTarget.value)}
      ></textarea>
      <p class="hint" id="send-memo-hint">${memoBytes} / ${memoMaxBytes} bytes</p>
      <dl class="facts">
        <div>
          <dt>Fee</dt>
          <dd><span id="send-fee" class="amount" aria-live="polite">${fee.text}</span></dd>
          <dd class="hint" id="send-fee-note">${fee.note}</dd>
        </div>
        <div>
          <dt>Mixing</dt>
          <dd id="send-mixing">
            Not available yet: this payment is sent without mixing. Unlinkable senders (ValueShuffle mixing) come with
            issue #12.
          </dd>
        </div>
      </dl>
      <button type="submit" id="send-submit" class="primary" disabled=${busy || !client}>
        ${busy ? "Sending…" : "Send"}
      </button>
    </form>
  `;
}

function SendResult({ r }) {
  const { navigate } = useApp();
  const statusText = {
    pending: "pending: waiting for a block",
    retrying: "retrying",
    confirmed: `confirmed${r.height ? ` in block ${r.height}` : ""}`,
    failed: "failed",
  }[r.status] ?? r.status;
  return html`<section class="card result" aria-labelledby="send-result-title">
    <h2 id="send-result-title">Sent</h2>
    <div id="send-result" data-txid=${r.txId} data-status=${r.status} role="status">
      <p>
        ${stg(r.amount)} to <span class="mono" title=${r.to}>${short(r.to, 14, 8)}</span>, fee ${stg(r.fee)}:${" "}<strong class=${`status status-${r.status}`}>${statusText}</strong>${r.reason ? ` (${r.reason})` : ""}.
      </p>
      ${r.memo ? html`<p>Memo: <q>${r.memo}</q></p>` : null}
      <p class="mono small">Transaction ${r.txId}</p>
    </div>
    <button type="button" class="quiet" onClick=${() => navigate("history")}>See the history</button>
  </section>`;
}

/** The camera preview and a decode loop on its frames (jsQR), until a code is found or the user stops it. */
function CameraScanner({ onResult, onError, onCancel }) {
  const video = useRef(undefined);
  const [note, setNote] = useState("Starting the camera…");
  const cbs = useRef({ onResult, onError });
  cbs.current = { onResult, onError };
  useEffect(() => {
    let stream;
    let raf = 0;
    let stopped = false;
    let last = 0;
    const canvas = document.createElement("canvas");
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) {
          throw new Error("this browser gives no camera to this page (it needs http://127.0.0.1, localhost or https)");
        }
        const jsQR = await loadJsQR();
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        } catch (e) {
          throw new Error(
            e?.name === "NotAllowedError"
              ? "the camera permission was refused: allow it in the browser, or read the QR code from an image"
              : `no camera: ${e?.message ?? e}`,
          );
        }
        if (stopped) return;
        const v = video.current;
        v.srcObject = stream;
        await v.play();
        setNote("Point the camera at a QR code.");
        const tick = (t) => {
          if (stopped) return;
          raf = requestAnimationFrame(tick);
          if (t - last < 150 || v.readyState < 2 || !v.videoWidth) return;
          last = t;
          const scale = Math.min(1, 800 / Math.max(v.videoWidth, v.videoHeight));
          canvas.width = Math.round(v.videoWidth * scale);
          canvas.height = Math.round(v.videoHeight * scale);
          canvas.getContext("2d", { willReadFrequently: true }).drawImage(v, 0, 0, canvas.width, canvas.height);
          const text = decodeCanvas(jsQR, canvas);
          if (text) {
            stopped = true;
            cbs.current.onResult(text);
          }
        };
        raf = requestAnimationFrame(tick);
      } catch (e) {
        if (!stopped) cbs.current.onError(message(e));
      }
    })();
    return () => {
      stopped = true;
      cancelAnimationFrame(raf);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return html`<div class="scanner">
    <video ref=${video} playsinline muted aria-label="Camera preview"></video>
    <p class="hint" role="status">${note}</p>
    <button type="button" onClick=${onCancel}>Stop the camera</button>
  </div>`;
}
