// The receive screen: the selected account's address, a copy button and
// the address as a QR code.

import { html, useState, useApp, copyText } from "./lib.js";
import { QRImage } from "./qr.js";

export function ReceiveScreen() {
  const { account } = useApp();
  const [copied, setCopied] = useState("");
  if (!account) {
    return html`<p class="card notice">Create or recover an account on the Wallet screen first.</p>`;
  }
  const copy = async () => {
    const ok = await copyText(account.address);
    setCopied(ok ? "Address copied." : "The browser refused the clipboard: select the address and copy it.");
  };
  return html`<section class="card receive" aria-labelledby="receive-title">
    <h2 id="receive-title">Address of ${account.name}</h2>
    <p class="hint">
      Anyone can pay this address; each payment goes to a new one-time key on the chain, so payments to it cannot be
      linked to each other or to you.
    </p>
    <div class="qr-box">
      <${QRImage} id="receive-qr" text=${account.address} label=${`QR code of the address ${account.address}`} />
    </div>
    <p id="receive-address" class="address mono">${account.address}</p>
    <div class="actions">
      <button type="button" id="receive-copy" class="primary" onClick=${copy}>Copy address</button>
      <span role="status" class="ok">${copied}</span>
    </div>
  </section>`;
}
