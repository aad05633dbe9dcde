package browsertest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	qrgen "github.com/skip2/go-qrcode"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/internal/devproc"
	"github.com/stegos-go/stegos/internal/webui"
)

// The payments of the run. Their amounts are odd enough that no other
// figure on a page can be mistaken for them; the explorer must show
// neither them nor the memos.
const (
	receiveAmount = 12_345_678 // µSTG, demo → the new account, through the Go SDK
	sendAmount    = 1_234_567  // µSTG, the new account → demo, from the page
	accountName   = "alice"
	accountPass   = "browsertest horse battery"
)

// state is what one flow leaves for the next.
type state struct {
	demoAddr    string
	address     string // the new account's
	receiveTx   string
	receiveMemo string
	sendTx      string
	sendMemo    string
	// explorer lists the explorer pages the run visited, for the privacy check.
	explorer []string
}

// TestWebWallet drives the web wallet and the explorer of one `stegosd dev`
// in one browser tab, flow by flow; each subtest needs the ones before it.
// After every flow it checks what holds everywhere: requests only to the
// node's origin, the token in no URL, the CSP on every page and no CSP
// violation.
func TestWebWallet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs stegosd dev and a browser")
	}
	exe, err := findBrowser()
	if err != nil {
		if os.Getenv(requireBrowserEnv) == "1" {
			t.Fatalf("%v (%s=1: the browser tests must run)", err, requireBrowserEnv)
		}
		t.Skipf("no browser, skipping the web wallet tests: %v (%s=1 makes this a failure)", err, requireBrowserEnv)
	}
	start := time.Now()
	n := devproc.Start(t, devproc.Build(t), devproc.Options{Home: filepath.Join(t.TempDir(), "home"), Reset: true, TimeoutCommit: "500ms", Wait: waitChain})
	proxy, proxyAddr := startForeignProxy(t)
	rec := newRecorder()
	h := &harness{n: n, rec: rec, proxy: proxy, artifacts: artifactsDir(t)}
	h.tab = startBrowser(t, exe, proxyAddr, rec, n.Redact)
	t.Logf("stegosd dev at %s and %s ready after %v", n.URL, filepath.Base(exe), time.Since(start).Round(time.Millisecond))

	s := &state{}
	demo, err := n.Client.Address(context.Background(), "demo")
	if err != nil {
		t.Fatalf("demo address: %v", err)
	}
	s.demoAddr = demo.Address

	flows := []struct {
		name string
		run  func(*testing.T, *harness, *state)
	}{
		{"detectors", testDetectors},
		{"login", testLogin},
		{"create account", testCreateAccount},
		{"receive live", testReceive},
		{"receive QR", testReceiveQR},
		{"scan QR image", testScanQR},
		{"send with memo", testSend},
		{"history", testHistory},
		{"payment proof", testProof},
		{"lock unlock recover", testLockRecover},
		{"staking", testStaking},
		{"explorer", testExplorer},
		{"explorer privacy", testExplorerPrivacy},
	}
	// A flow that stops (t.Fatal) leaves the next ones without what they
	// need; one that only reports errors does not.
	stopped := ""
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			if stopped != "" {
				t.Skipf("needs the flow %q, which stopped", stopped)
			}
			defer h.check(t)
			done := false
			defer func() {
				if !done && stopped == "" {
					stopped = f.name
				}
			}()
			f.run(t, h, s)
			done = true
		})
	}
	h.checkTargets(t)
	if len(h.allRequests) == 0 {
		t.Error("the tab reported no request at all: the network checks saw nothing")
	}
	h.proxy.mu.Lock()
	own := h.proxy.browserOwn
	h.proxy.mu.Unlock()
	t.Logf("%d requests checked (and %d of chromium's own to Google, not the pages'); screenshots in %s; %v in all",
		len(h.allRequests), own, h.artifacts, time.Since(start).Round(time.Millisecond))
}

// artifactsDir is $STEGOS_ARTIFACTS, else stegos-webui-screenshots in the
// temporary directory, emptied of the last run's screenshots (its path is
// logged).
func artifactsDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("STEGOS_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("STEGOS_ARTIFACTS: %v", err)
		}
		return dir
	}
	dir := filepath.Join(os.TempDir(), "stegos-webui-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, f := range old {
		_ = os.Remove(f)
	}
	t.Logf("screenshots go to %s (set STEGOS_ARTIFACTS to choose)", dir)
	return dir
}

// testDetectors shows that the run's checks can fail: in a tab of its own,
// a request to another origin reaches the proxy and fails the origin
// check, a URL with the token fails the token check, and inline script is
// reported as a CSP violation.
func testDetectors(t *testing.T, h *harness, _ *state) {
	rec := newRecorder()
	tab, cancel := chromedp.NewContext(h.tab, chromedp.WithListener(rec.on))
	defer cancel()
	// The first Do opens the tab and binds it to its context: no deadline.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("open a second tab: %v", err)
	}
	other := &harness{n: h.n, tab: tab, rec: rec, proxy: h.proxy}
	// 192.0.2.0/24 is TEST-NET-1: nothing answers there but the proxy.
	const foreign = "http://192.0.2.7/browsertest"
	ctx, cancelNav := context.WithTimeout(tab, waitUI)
	_ = chromedp.Do(ctx, chromedp.Navigate(foreign)) // the proxy answers 403: the load may "fail"
	cancelNav()
	other.navigate(t, h.n.URL+"/")
	eval[bool](t, other, `(() => { const s = document.createElement("script"); s.textContent = "window.inlineRan = true"; document.body.appendChild(s); return true; })()`)
	if eval[bool](t, other, `window.inlineRan === true`) {
		t.Error("an inline script ran on a page of the node: the CSP does not hold")
	}
	eventually(t, "the CSP violation reported", waitUI, func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, m := range rec.messages {
			if isCSPViolation(m) {
				return true
			}
		}
		return false
	})
	// A token in a URL, on the node's own origin.
	eval[bool](t, other, `fetch("/browsertest-detector?t=`+h.n.Token+`").then(() => true, () => true)`)
	eventually(t, "both bad requests recorded", waitUI, func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.requests) > 0 && strings.Contains(rec.requests[len(rec.requests)-1].url, "browsertest-detector")
	})
	reqs, _, _, _ := rec.drain()
	var foreignFlagged, tokenFlagged bool
	for _, p := range h.requestProblems(reqs) {
		foreignFlagged = foreignFlagged || strings.Contains(p, "another origin") && strings.Contains(p, "192.0.2.7")
		tokenFlagged = tokenFlagged || strings.Contains(p, "token is in the URL")
		if strings.Contains(p, h.n.Token) {
			t.Error("a problem report carries the token")
		}
	}
	if !foreignFlagged {
		t.Errorf("the origin check did not flag %s", foreign)
	}
	if !tokenFlagged {
		t.Error("the token check did not flag a URL with the token")
	}
	reached := false
	for _, r := range h.proxy.take() {
		reached = reached || strings.Contains(r, "192.0.2.7")
	}
	if !reached {
		t.Errorf("a request to %s did not reach the proxy: the proxy check sees nothing", foreign)
	}
}

// testLogin: without a token the login form; the link from `stegosd dev`
// logs in, leaves the token in localStorage and no fragment in the address
// bar; logout forgets it; a wrong token is refused with a message; the
// pasted token logs in.
func testLogin(t *testing.T, h *harness, _ *state) {
	h.navigate(t, h.n.URL+"/")
	h.visible(t, "#login-token")
	h.visible(t, "#login-submit")
	h.shot(t, "login", "")

	h.navigate(t, "about:blank")
	h.navigate(t, webui.LoginURL(h.n.Addr, h.n.Token))
	h.visible(t, `[data-nav="wallet"]`)
	href := waitFor(t, h, "the token gone from the address bar", waitUI, `location.href`, func(s string) bool {
		return !strings.Contains(s, h.n.Token)
	})
	if strings.Contains(href, "#") {
		t.Errorf("the address bar still has a fragment after login: %s", h.n.Redact(href))
	}
	if got := eval[string](t, h, `localStorage.getItem("stegos.token") || ""`); got != h.n.Token {
		t.Errorf("localStorage[\"stegos.token\"] does not hold the token after the link (%d characters)", len(got))
	}
	if eval[bool](t, h, `document.cookie !== "" || Object.values(sessionStorage).some(v => v.includes(localStorage.getItem("stegos.token")))`) {
		t.Error("the page keeps a cookie or the token in sessionStorage: the token belongs in localStorage only")
	}
	h.visible(t, "#logout")
	h.waitSynced(t)
	h.checkTokenIsAuth(t)

	h.click(t, "#logout")
	h.visible(t, "#login-token")
	if got := eval[string](t, h, `localStorage.getItem("stegos.token") || ""`); got != "" {
		t.Error("logout left the token in localStorage")
	}

	h.fill(t, "#login-token", "not-the-token")
	h.click(t, "#login-submit")
	msg := waitFor(t, h, "an error for a wrong token", waitUI, `(() => { const e = document.getElementById("error");
		return e && e.offsetParent !== null ? e.textContent.trim() : ""; })()`, func(s string) bool { return s != "" })
	t.Logf("a wrong token shows: %q", msg)
	if eval[bool](t, h, `document.querySelector('[data-nav="wallet"]') !== null && document.querySelector('[data-nav="wallet"]').offsetParent !== null`) {
		t.Error("a wrong token logged in")
	}

	h.fill(t, "#login-token", h.n.Token)
	h.click(t, "#login-submit")
	h.visible(t, `[data-nav="wallet"]`)
	if got := eval[string](t, h, `localStorage.getItem("stegos.token") || ""`); got != h.n.Token {
		t.Error("the pasted token is not in localStorage")
	}
	h.waitSynced(t)
}

// waitSynced waits for #sync-status to say the account is synced.
func (h *harness) waitSynced(t *testing.T) {
	t.Helper()
	waitFor(t, h, `#sync-status[data-synced="true"]`, waitChain,
		`document.querySelector('#sync-status[data-synced="true"]') !== null`, func(b bool) bool { return b })
}

// checkTokenIsAuth checks that the page sent the token as authentication
// (a bearer header or a WebSocket message), so that the URL checks are
// not vacuous.
func (h *harness) checkTokenIsAuth(t *testing.T) {
	t.Helper()
	eventually(t, "the token sent as the API's authentication", waitUI, func() bool {
		h.rec.mu.Lock()
		defer h.rec.mu.Unlock()
		for _, r := range h.rec.requests {
			if strings.Contains(r.auth, h.n.Token) {
				return true
			}
		}
		for _, p := range h.rec.wsSent {
			if strings.Contains(p, h.n.Token) {
				return true
			}
		}
		return false
	})
}

// testCreateAccount creates an account in the page, reads the 24 words it
// shows once, types them back to confirm, and finds the account in the
// node.
func testCreateAccount(t *testing.T, h *harness, s *state) {
	h.click(t, `[data-nav="wallet"]`)
	h.fill(t, "#account-create-name", accountName)
	h.fill(t, "#account-create-password", accountPass)
	h.click(t, "#account-create-submit")
	h.visible(t, "#phrase-words")
	phrase := h.text(t, "#phrase-words")
	words := strings.Fields(phrase)
	if len(words) != 24 || strings.Join(words, " ") != phrase {
		t.Fatalf("#phrase-words shows %d words (want 24 separated by single spaces)", len(words))
	}
	h.shot(t, "account-phrase", "")

	// A wrong confirmation (two words swapped) is refused.
	wrong := append([]string{}, words...)
	wrong[0], wrong[1] = wrong[1], wrong[0]
	if wrong[0] != words[0] {
		h.fill(t, "#phrase-confirm-input", strings.Join(wrong, " "))
		h.click(t, "#phrase-confirm-submit")
		waitFor(t, h, "an error for a wrong phrase", waitUI, `(() => { const e = document.getElementById("error");
			return e && e.offsetParent !== null ? e.textContent.trim() : ""; })()`, func(s string) bool { return s != "" })
	}
	h.fill(t, "#phrase-confirm-input", phrase)
	h.click(t, "#phrase-confirm-submit")
	waitFor(t, h, "the phrase hidden once confirmed", waitUI,
		`(() => { const e = document.getElementById("phrase-words"); return !e || e.offsetParent === null; })()`, func(b bool) bool { return b })
	if e := h.pageError(t); e != "" {
		t.Errorf("#error after confirming the phrase: %s", e)
	}
	waitFor(t, h, "the account in #account-select", waitUI,
		`[...document.querySelectorAll("#account-select option")].map(o => o.value)`, func(v []string) bool {
			for _, o := range v {
				if o == accountName {
					return true
				}
			}
			return false
		})

	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	addr, err := h.n.Client.Address(ctx, accountName)
	if err != nil {
		t.Fatalf("the node does not know the account the page created: %v", err)
	}
	s.address = addr.Address
}

// stg formats µSTG as the page must: "12.345678 STG".
func stg(micro uint64) string {
	return fmt.Sprintf("%d.%06d STG", micro/1_000_000, micro%1_000_000)
}

// memo returns a memo no page could show by chance.
func memo(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + " " + hex.EncodeToString(b)
}

// testReceive: the new account's wallet view shows 0; the demo account
// pays it through the Go SDK; the balance on the open page changes with no
// reload and no click.
func testReceive(t *testing.T, h *harness, s *state) {
	h.choose(t, "#account-select", accountName)
	h.click(t, `[data-nav="wallet"]`)
	h.waitSynced(t)
	h.waitText(t, "#balance-available", "a new account's balance", waitUI, func(v string) bool { return v == stg(0) })
	for _, id := range []string{"#balance-pending", "#balance-locked", "#balance-staked"} {
		h.visible(t, id)
	}
	eval[bool](t, h, `(window.browsertestNoReload = true)`)

	s.receiveMemo = memo("hello alice")
	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	res, err := h.n.Client.Send(ctx, api.SendParams{Account: "demo", To: s.address, Amount: receiveAmount, Memo: s.receiveMemo})
	if err != nil {
		t.Fatalf("pay the new account from demo: %v", err)
	}
	s.receiveTx = res.TxID

	h.waitText(t, "#balance-available", "the payment in the balance without a reload", waitChain, func(v string) bool { return v == stg(receiveAmount) })
	if !eval[bool](t, h, `window.browsertestNoReload === true`) {
		t.Error("the page reloaded to show the new balance")
	}
	h.shot(t, "wallet", "wallet")
}

// testReceiveQR: the receive view shows the address, and its QR code, as
// the page draws it, decodes to that address.
func testReceiveQR(t *testing.T, h *harness, s *state) {
	h.click(t, `[data-nav="receive"]`)
	h.waitText(t, "#receive-address", "the address", waitUI, func(v string) bool { return v == s.address })
	h.visible(t, "#receive-copy")
	h.visible(t, "#receive-qr")
	h.nextFrame(t)
	h.shot(t, "receive", "")

	ctx, cancel := context.WithTimeout(h.tab, waitUI)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#receive-qr"), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("screenshot #receive-qr: %v", err)
	}
	_ = os.WriteFile(filepath.Join(h.artifacts, "receive-qr.png"), img, 0o644)
	pic, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("screenshot of #receive-qr: %v", err)
	}
	got, err := decodeQR(pic)
	if err != nil {
		t.Fatalf("#receive-qr as drawn (receive-qr.png in the artifacts): %v", err)
	}
	// ui-contract.md: at least 4 px per module, the quiet zone included
	// (4 modules, as ISO/IEC 18004 asks).
	module, quiet, err := qrGeometry(pic)
	if err != nil {
		t.Fatalf("measure #receive-qr: %v", err)
	}
	if module < 4 {
		t.Errorf("#receive-qr draws %.1f px per module, want at least 4", module)
	}
	if quiet < 3.5 {
		t.Errorf("#receive-qr has a quiet zone of %.1f modules, want 4", quiet)
	}
	if got != s.address && !strings.EqualFold(got, s.address) && !strings.HasSuffix(got, ":"+s.address) {
		t.Errorf("#receive-qr decodes to %q, want the address %q", got, s.address)
	}
}

// testScanQR: a QR image of the demo address, chosen in the send form's
// file input, fills the recipient.
func testScanQR(t *testing.T, h *harness, s *state) {
	h.click(t, `[data-nav="send"]`)
	h.visible(t, "#send-scan-camera")
	file := filepath.Join(t.TempDir(), "demo-address.png")
	if err := qrgen.WriteFile(s.demoAddr, qrgen.Medium, 512, file); err != nil {
		t.Fatalf("QR image: %v", err)
	}
	if eval[string](t, h, `document.querySelector("#send-scan-file").accept || ""`) == "" {
		t.Error(`#send-scan-file has no accept attribute (want "image/*")`)
	}
	h.do(t, "choose the QR image in #send-scan-file", waitUI,
		chromedp.SetUploadFiles(chromedp.CSS("#send-scan-file"), []string{file}))
	waitFor(t, h, "#send-to filled from the QR image", waitUI, `document.querySelector("#send-to").value`,
		func(v string) bool { return v == s.demoAddr })
}

// testSend pays the demo account from the new account with a memo, from
// the send form: the fee shows before sending, the result carries the tx
// id, and the node has the payment.
func testSend(t *testing.T, h *harness, s *state) {
	h.click(t, `[data-nav="send"]`)
	h.fill(t, "#send-to", s.demoAddr)
	h.fill(t, "#send-amount", strings.TrimSuffix(stg(sendAmount), " STG"))
	s.sendMemo = memo("thanks for lunch")
	h.fill(t, "#send-memo", s.sendMemo)
	feeRe := regexp.MustCompile(`(\d+\.\d{6}) STG`)
	fee := h.waitText(t, "#send-fee", "the fee before sending", waitUI, func(v string) bool {
		m := feeRe.FindStringSubmatch(v)
		if m == nil {
			return false
		}
		f, err := strconv.ParseFloat(m[1], 64)
		return err == nil && f > 0
	})
	if !h.present(t, "#send-mixing") {
		t.Error("the send form has no #send-mixing (mixing status)")
	}
	h.shot(t, "send", "send")

	h.click(t, "#send-submit")
	txid := waitFor(t, h, "#send-result with the tx id", waitChain, `(() => { const e = document.getElementById("send-result");
		return e ? (e.dataset.txid || "") : ""; })()`, func(v string) bool { return v != "" })
	if e := h.pageError(t); e != "" {
		t.Errorf("#error after sending: %s", e)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(txid) {
		t.Errorf("#send-result data-txid = %q, want 64 hex digits", txid)
	}
	s.sendTx = txid
	t.Logf("sent %s with the fee shown as %q: %s", stg(sendAmount), fee, txid)

	// The node has it, as the page said: the amount and memo to demo.
	entry := waitHistory(t, h, accountName, txid, api.StatusConfirmed)
	var paid bool
	for _, p := range entry.Payments {
		paid = paid || (p.Amount == sendAmount && p.Memo == s.sendMemo && p.Address == s.demoAddr)
	}
	if !paid {
		t.Errorf("the node's history of %s has no payment of %s to demo with the memo: %+v", txid, stg(sendAmount), entry.Payments)
	}
}

// waitHistory waits until the account's history has tx with the status.
func waitHistory(t *testing.T, h *harness, account, tx, status string) api.HistoryEntry {
	t.Helper()
	deadline := time.Now().Add(waitChain)
	last := "absent"
	for {
		ctx, cancel := context.WithTimeout(context.Background(), waitUI)
		hist, err := h.n.Client.History(ctx, api.HistoryParams{Account: account})
		cancel()
		if err != nil {
			last = err.Error()
		}
		for _, e := range hist {
			if e.TxID == tx {
				if e.Status == status {
					return e
				}
				last = e.Status + " " + e.Reason
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s's history: tx %s not %s within %v (last: %s)", account, tx, status, waitChain, last)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// testHistory: both payments in the new account's history, with their
// direction, status and memo.
func testHistory(t *testing.T, h *harness, s *state) {
	h.click(t, `[data-nav="history"]`)
	h.visible(t, "#history-list")
	for _, want := range []struct{ tx, dir, memo string }{
		{s.sendTx, "out", s.sendMemo},
		{s.receiveTx, "in", s.receiveMemo},
	} {
		row := `.history-row[data-txid="` + want.tx + `"]`
		h.visible(t, row)
		waitFor(t, h, "the "+want.dir+" payment confirmed in the history", waitChain,
			`document.querySelector(`+js(row)+`).dataset.status`, func(v string) bool { return v == api.StatusConfirmed })
		if got := eval[string](t, h, `document.querySelector(`+js(row)+`).dataset.direction`); got != want.dir {
			t.Errorf("history row of %s: data-direction %q, want %q", want.tx, got, want.dir)
		}
		if got := h.text(t, row+" .history-memo"); !strings.Contains(got, want.memo) {
			t.Errorf("history row of %s: .history-memo %q, want %q", want.tx, got, want.memo)
		}
	}
	// The wallet shows amounts as the privacy check searches for them, so
	// that check is not vacuous.
	if html := eval[string](t, h, `document.getElementById("history-list").textContent`); !strings.Contains(html, strings.TrimSuffix(stg(sendAmount), " STG")) {
		t.Errorf("the history does not show the amount sent as %q", strings.TrimSuffix(stg(sendAmount), " STG"))
	}
	h.shot(t, "history", "")
}

// testProof opens the payment proof of the payment sent from the page and
// checks it with the node.
func testProof(t *testing.T, h *harness, s *state) {
	row := `.history-row[data-txid="` + s.sendTx + `"]`
	if !h.present(t, row) {
		h.click(t, `[data-nav="history"]`)
	}
	h.click(t, row+" .history-proof")
	proof := h.waitText(t, "#proof-text", "the proof", waitChain, func(v string) bool { return strings.HasPrefix(v, "stgproof1") })
	h.visible(t, "#proof-verified")
	// The page checks the proof against the chain: data-valid says how.
	valid := waitFor(t, h, "the page's check of the proof", waitChain,
		`(document.getElementById("proof-verified").dataset.valid || "")`, func(v string) bool { return v != "" })
	if valid != "true" {
		t.Errorf("#proof-verified data-valid=%q: %s", valid, h.text(t, "#proof-verified"))
	}
	h.shot(t, "proof", "")

	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	chk, err := h.n.Client.VerifyPaymentProof(ctx, proof)
	if err != nil {
		t.Fatalf("verify the page's proof: %v", err)
	}
	if !chk.Valid || chk.TxID != s.sendTx || chk.Amount != sendAmount || chk.Memo != s.sendMemo || chk.Address != s.demoAddr {
		t.Errorf("the page's proof proves %+v; want a valid proof of %s to %s in %s with the memo", *chk, stg(sendAmount), s.demoAddr, s.sendTx)
	}
}

// account returns the node's record of an account.
func (h *harness) account(t *testing.T, name string) (api.Account, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	accounts, err := h.n.Client.ListAccounts(ctx)
	if err != nil {
		t.Fatalf("list accounts: %v", err)
	}
	for _, a := range accounts {
		if a.Name == name {
			return a, true
		}
	}
	return api.Account{}, false
}

// testLockRecover locks the new account from the wallet view, refuses a
// wrong password, unlocks it with the right one, and recovers an account
// from a new recovery phrase.
func testLockRecover(t *testing.T, h *harness, _ *state) {
	h.choose(t, "#account-select", accountName)
	h.click(t, `[data-nav="wallet"]`)
	h.click(t, "#lock-button")
	h.visible(t, "#unlock-password")
	if a, _ := h.account(t, accountName); !a.Locked {
		t.Errorf("#lock-button: the node has %s unlocked", accountName)
	}

	h.fill(t, "#unlock-password", "not the password")
	h.click(t, "#unlock-submit")
	waitFor(t, h, "an error for a wrong password", waitUI, `(() => { const e = document.getElementById("error");
		return e && e.offsetParent !== null ? e.textContent.trim() : ""; })()`, func(s string) bool { return s != "" })
	h.fill(t, "#unlock-password", accountPass)
	h.click(t, "#unlock-submit")
	h.visible(t, "#lock-button")
	if a, _ := h.account(t, accountName); a.Locked {
		t.Errorf("#unlock-submit with the right password: the node has %s locked", accountName)
	}

	m, err := keys.NewMnemonic(rand.Reader)
	if err != nil {
		t.Fatalf("new phrase: %v", err)
	}
	const name = "bob"
	h.fill(t, "#recover-name", name)
	h.fill(t, "#recover-phrase", m.Phrase())
	h.fill(t, "#recover-password", accountPass)
	h.click(t, "#recover-submit")
	waitFor(t, h, "the recovered account in #account-select", waitUI,
		`[...document.querySelectorAll("#account-select option")].map(o => o.value)`, func(v []string) bool {
			for _, o := range v {
				if o == name {
					return true
				}
			}
			return false
		})
	if e := h.pageError(t); e != "" {
		t.Errorf("#error after recovering: %s", e)
	}
	if _, ok := h.account(t, name); !ok {
		t.Errorf("the node has no account %q after #recover-submit", name)
	}
}

// testStaking: the demo account owns the dev validator; the staking view
// lists it with the award, and withdrawing its rewards from the page puts a
// withdraw transaction in the node's history.
func testStaking(t *testing.T, h *harness, _ *state) {
	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	stakes, err := h.n.Client.Stakes(ctx, "demo")
	if err != nil {
		t.Fatalf("the demo account's validators: %v", err)
	}
	if len(stakes.Validators) == 0 {
		t.Fatal("the demo account owns no validator")
	}
	key := stakes.Validators[0].Key
	// withdrawal is the id of demo's latest withdraw transaction ("" if none).
	withdrawal := func() string {
		ctx, cancel := context.WithTimeout(context.Background(), waitUI)
		defer cancel()
		hist, err := h.n.Client.History(ctx, api.HistoryParams{Account: "demo"})
		if err != nil {
			t.Fatalf("demo history: %v", err)
		}
		latest, at := "", time.Time{}
		for _, e := range hist {
			if e.Kind == "withdraw" && !e.Time.Before(at) {
				latest, at = e.TxID, e.Time
			}
		}
		return latest
	}
	before := withdrawal()

	h.choose(t, "#account-select", "demo")
	h.click(t, `[data-nav="staking"]`)
	h.visible(t, "#staking-validators")
	waitFor(t, h, "the dev validator in #staking-validators", waitUI,
		`[...document.querySelectorAll("#staking-validators .validator-row")].map(r => r.dataset.key)`, func(v []string) bool {
			for _, k := range v {
				if strings.EqualFold(k, key) {
					return true
				}
			}
			return false
		})
	for _, id := range []string{"#award-pool", "#award-next-draw", "#award-odds"} {
		h.waitText(t, id, "the award", waitUI, func(v string) bool { return v != "" })
	}
	if !h.present(t, "#award-winners") {
		t.Error("the staking view has no #award-winners")
	}
	for _, id := range []string{"#stake-amount", "#stake-validator", "#stake-submit"} {
		if !h.present(t, id) {
			t.Errorf("the staking view has no %s", id)
		}
	}
	h.shot(t, "staking", "")

	h.click(t, "#rewards-withdraw")
	deadline := time.Now().Add(waitChain)
	for {
		tx := withdrawal()
		if tx != "" && tx != before {
			waitHistory(t, h, "demo", tx, api.StatusConfirmed)
			break
		}
		if e := h.pageError(t); e != "" {
			t.Fatalf("#error after withdraw: %s", e)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no withdraw transaction in demo's history %v after clicking #rewards-withdraw", waitChain)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// testExplorer opens the explorer with no login: the home page, the block
// and the tx page of the payment sent from the page, and search by tx id
// and by height.
func testExplorer(t *testing.T, h *harness, s *state) {
	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	tx, err := h.n.Client.Tx(ctx, s.sendTx)
	if err != nil {
		t.Fatalf("the tx sent from the page: %v", err)
	}
	height := strconv.FormatInt(tx.Height, 10)

	h.explorerPage(t, s, "/explorer")
	h.visible(t, `#explorer-search [name="q"]`)
	h.shot(t, "explorer", "")

	h.explorerPage(t, s, "/explorer/block/"+height)
	if got := h.text(t, "#block-height"); !strings.Contains(got, height) {
		t.Errorf("#block-height = %q, want %s", got, height)
	}
	h.visible(t, `.tx-row[data-txid="`+s.sendTx+`"]`)
	h.shot(t, "explorer-block", "")

	// No login: a client with no token gets the page.
	resp, err := http.Get(h.n.URL + "/explorer/tx/" + s.sendTx)
	if err != nil {
		t.Fatalf("explorer without a token: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(body), s.sendTx) {
		t.Errorf("GET /explorer/tx/%s with no token: %s (%v), want 200 with the tx", s.sendTx, resp.Status, err)
	}

	h.explorerPage(t, s, "/explorer/tx/"+s.sendTx)
	if got := h.text(t, "#tx-id"); !strings.Contains(got, s.sendTx) {
		t.Errorf("#tx-id = %q, want %s", got, s.sendTx)
	}
	kinds := eval[[]string](t, h, `[...document.querySelectorAll(".output-row")].map(r => r.dataset.kind || "")`)
	if len(kinds) < 2 {
		t.Errorf("the tx page shows %d outputs (.output-row), want the payment and the change", len(kinds))
	}
	for _, k := range kinds {
		if k != "confidential" {
			t.Errorf("an output of a payment has data-kind %q, want confidential", k)
		}
	}
	h.shot(t, "explorer-tx", "explorer")

	// Search: a tx id, then a height, typed into the form.
	h.explorerPage(t, s, "/explorer")
	h.fill(t, `#explorer-search [name="q"]`, s.sendTx)
	h.do(t, "submit the search", waitUI, chromedp.Submit(chromedp.CSS(`#explorer-search [name="q"]`)))
	h.waitText(t, "#tx-id", "the tx found by its id", waitUI, func(v string) bool { return strings.Contains(v, s.sendTx) })
	s.explorer = append(s.explorer, eval[string](t, h, "location.pathname+location.search"))
	h.checkNoSecrets(t, s, "the search for the tx id")
	h.fill(t, `#explorer-search [name="q"]`, height)
	h.do(t, "submit the search", waitUI, chromedp.Submit(chromedp.CSS(`#explorer-search [name="q"]`)))
	h.waitText(t, "#block-height", "the block found by its height", waitUI, func(v string) bool { return strings.Contains(v, height) })
	s.explorer = append(s.explorer, eval[string](t, h, "location.pathname+location.search"))
	h.checkNoSecrets(t, s, "the search for the height")
}

// explorerPage loads an explorer page, which needs no script, and checks
// that it shows no secret of the run.
func (h *harness) explorerPage(t *testing.T, s *state, path string) {
	t.Helper()
	h.navigate(t, h.n.URL+path)
	s.explorer = append(s.explorer, path)
	h.checkNoSecrets(t, s, path)
}

// secrets are what the explorer must never show: the amounts of the
// confidential outputs the run made, as STG and as µSTG, and their memos.
func (s *state) secrets() []string {
	out := []string{s.receiveMemo, s.sendMemo}
	for _, a := range []uint64{receiveAmount, sendAmount} {
		out = append(out, strings.TrimSuffix(stg(a), " STG"), strconv.FormatUint(a, 10))
	}
	var nonEmpty []string
	for _, x := range out {
		if x != "" {
			nonEmpty = append(nonEmpty, x)
		}
	}
	return nonEmpty
}

// checkNoSecrets searches the page's DOM, and the bodies of the explorer
// responses the tab received since the last call, for the secrets.
func (h *harness) checkNoSecrets(t *testing.T, s *state, page string) {
	t.Helper()
	dom := eval[string](t, h, `document.documentElement.outerHTML`)
	for _, x := range s.secrets() {
		if strings.Contains(dom, x) {
			t.Errorf("explorer page %s shows %q (an amount or memo of a confidential output)", page, x)
		}
	}
	h.rec.mu.Lock()
	pages := h.rec.pages
	h.rec.pages = map[network.RequestID]string{}
	h.rec.mu.Unlock()
	for id, u := range pages {
		ctx, cancel := context.WithTimeout(h.tab, waitUI)
		res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
		cancel()
		if err != nil {
			t.Errorf("the body of %s, to search it: %v", u, err)
			continue
		}
		for _, x := range s.secrets() {
			if strings.Contains(string(res.Body), x) {
				t.Errorf("the response for %s carries %q (an amount or memo of a confidential output)", u, x)
			}
		}
	}
}

// testExplorerPrivacy visits every explorer page about the run's payments
// (their blocks, transactions and outputs, directly and through search)
// and the node's other explorer pages, and finds no amount or memo of a
// confidential output in any page or response.
func testExplorerPrivacy(t *testing.T, h *harness, s *state) {
	ctx, cancel := context.WithTimeout(context.Background(), waitUI)
	defer cancel()
	pages := []string{"/explorer/validators", "/explorer/award"}
	for _, id := range []string{s.receiveTx, s.sendTx} {
		tx, err := h.n.Client.Tx(ctx, id)
		if err != nil {
			t.Fatalf("tx %s: %v", id, err)
		}
		pages = append(pages, "/explorer/tx/"+id, "/explorer/block/"+strconv.FormatInt(tx.Height, 10), "/explorer/search?q="+id)
		for _, o := range tx.Outputs {
			pages = append(pages, "/explorer/search?q="+o.ID)
		}
	}
	for _, p := range pages {
		h.explorerPage(t, s, p)
		// Every output of a tx page, through its own page.
		for _, link := range eval[[]string](t, h, `[...document.querySelectorAll('a[href^="/explorer/output/"]')].map(a => a.getAttribute("href"))`) {
			h.explorerPage(t, s, link)
		}
	}
	t.Logf("%d explorer pages checked", len(s.explorer))
}

// checkTargets: every page, frame and worker the browser runs (the
// service worker included) comes from the node's origin.
func (h *harness) checkTargets(t *testing.T) {
	t.Helper()
	targets, err := chromedp.Targets(h.tab)
	if err != nil {
		t.Fatalf("list the browser's targets: %v", err)
	}
	workers := 0
	for _, tg := range targets {
		if tg.URL == "" || tg.URL == "about:blank" || strings.HasPrefix(tg.URL, "chrome:") {
			continue
		}
		if tg.Type == "service_worker" {
			workers++
		}
		if err := h.sameOrigin(tg.URL); err != nil {
			t.Errorf("the browser runs a %s from another origin: %s", tg.Type, h.n.Redact(err.Error()))
		}
	}
	if workers == 0 {
		t.Error("no service worker runs for the wallet (the PWA registers /sw.js)")
	}
}
