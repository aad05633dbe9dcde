// Screens whose features are not in the node yet: chat (issue #11), red
// packets (issue #13) and OTC trading (issue #14). Each has its layout
// ready, disabled, and says which issue brings it.

import { html } from "./lib.js";

function Soon({ issue, what }) {
  return html`<p class="card notice soon" role="note">
    <strong>Coming with issue #${issue}.</strong> ${what}: not in the node yet. This screen shows where it will be.
  </p>`;
}

export function ChatScreen() {
  return html`
    <${Soon} issue="11" what="Anonymous chat (1:1, groups and channels over the private message bus)" />
    <div class="chat-layout" aria-disabled="true">
      <section class="card chat-list" aria-labelledby="chat-list-title">
        <h2 id="chat-list-title">Conversations</h2>
        <ul class="placeholder-list">
          <li>No conversation yet</li>
        </ul>
        <button type="button" disabled>New conversation</button>
      </section>
      <section class="card chat-view" aria-labelledby="chat-view-title">
        <h2 id="chat-view-title">Conversation</h2>
        <div class="chat-messages" aria-live="polite"><p class="hint">Messages appear here as they arrive.</p></div>
        <form class="row">
          <label for="chat-input" class="sr-only">Message</label>
          <input id="chat-input" disabled placeholder="Write a message" />
          <button type="submit" disabled>Send</button>
        </form>
      </section>
    </div>
  `;
}

export function RedPacketsScreen() {
  return html`
    <${Soon} issue="13" what="Red packets (a QR code anyone can try for free, random wins until it is empty)" />
    <div class="columns">
      <form class="card" aria-labelledby="rp-create-title">
        <h2 id="rp-create-title">Create a red packet</h2>
        <fieldset disabled>
          <label for="rp-amount">Total (STG)</label>
          <input id="rp-amount" inputmode="decimal" />
          <label for="rp-count">Number of wins</label>
          <input id="rp-count" inputmode="numeric" />
          <label for="rp-message">Message</label>
          <input id="rp-message" />
          <button type="submit">Create and show its QR code</button>
        </fieldset>
      </form>
      <section class="card" aria-labelledby="rp-open-title">
        <h2 id="rp-open-title">Open a red packet</h2>
        <fieldset disabled>
          <button type="button">Scan its QR code with the camera</button>
          <label for="rp-file">Or read it from an image</label>
          <input id="rp-file" type="file" accept="image/*" />
        </fieldset>
        <div class="ad-slot" aria-label="The ad that plays while a packet opens">Ad</div>
      </section>
    </div>
  `;
}

export function OtcScreen() {
  return html`
    <${Soon} issue="14" what="Trustless OTC trading against BTC and ETH (HTLC swaps)" />
    <section class="card" aria-labelledby="otc-board-title">
      <h2 id="otc-board-title">Order board</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Side</th>
            <th scope="col">Amount (STG)</th>
            <th scope="col">Price</th>
            <th scope="col">Against</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td colspan="5" class="hint">No order yet.</td>
          </tr>
        </tbody>
      </table>
      <button type="button" disabled>Place an order</button>
    </section>
    <section class="card" aria-labelledby="otc-swap-title">
      <h2 id="otc-swap-title">Swap progress</h2>
      <ol class="steps">
        <li>Order taken</li>
        <li>STG locked in an HTLC output</li>
        <li>BTC or ETH locked by the counterparty</li>
        <li>Secret revealed, both sides claimed</li>
      </ol>
    </section>
  `;
}
