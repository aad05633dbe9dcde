// The login form: the node's API token, pasted once. `stegosd dev` logs a
// link that carries it in the fragment instead (#token=…), read by
// session.js before this form would show.

import { html, useState } from "./lib.js";

export function Login({ error, onToken }) {
  const [token, setToken] = useState("");
  const submit = (ev) => {
    ev.preventDefault();
    const t = token.trim();
    if (t) onToken(t);
  };
  return html`<div class="login-page">
    <form class="card login" onSubmit=${submit} aria-labelledby="login-title">
      <div class="brand big">
        <img src="/ui/icons/icon.svg" alt="" width="48" height="48" />
        <h1 id="login-title">Stegos wallet</h1>
      </div>
      <p>
        Log in with this node's API token. <code>stegosd dev</code> prints a login link; otherwise paste the
        content of <code>&lt;home&gt;/api.token</code>.
      </p>
      <div class=${error ? "error-box" : "error-box empty"}>
        <div id="error" role="alert">${error}</div>
      </div>
      <label for="login-token">API token</label>
      <input
        id="login-token"
        name="token"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        value=${token}
        onInput=${(e) => setToken(e.currentTarget.value)}
      />
      <button type="submit" id="login-submit" class="primary">Log in</button>
      <p class="hint">
        The token stays in this browser (this site's storage) and is sent only to this node. Anyone with it
        controls the wallet: log out on a shared computer.
      </p>
      <p><a href="/explorer">Open the block explorer</a> (no login needed).</p>
    </form>
  </div>`;
}
