package browsertest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/stegos-go/stegos/internal/devproc"
	"github.com/stegos-go/stegos/internal/webui"
)

// wantCSP is the policy every page must carry.
const wantCSP = webui.CSP

var updateScreenshots = flag.Bool("update-screenshots", false, "rewrite the screenshots committed under docs/img/")

// Viewports of every screenshot: a phone and a desktop.
const (
	phoneW, phoneH     = 390, 844
	desktopW, desktopH = 1280, 800
)

// Waits. The machine running the tests may be loaded, so these are
// deadlines for conditions, never expectations of speed.
const (
	// waitUI bounds what the page should show after an action of ours.
	waitUI = 45 * time.Second
	// waitChain bounds what needs blocks: a payment confirmed, a scan.
	waitChain = 120 * time.Second
)

// requireBrowserEnv makes a missing browser a failure instead of a skip (CI).
const requireBrowserEnv = "STEGOS_REQUIRE_BROWSER"

// findBrowser returns the browser to drive: $STEGOS_CHROMIUM, else the
// first Chromium-like program on $PATH.
func findBrowser() (string, error) {
	if p := os.Getenv("STEGOS_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("STEGOS_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium on $PATH (Debian: apt-get install chromium; or set STEGOS_CHROMIUM)")
}

// node is the running `stegosd dev` the suite drives.
type node = devproc.Node

// foreignProxy is the browser's HTTP proxy. Chrome sends every request for
// a host that is not loopback through it, from any page, worker or service
// worker, so whatever reaches it went to another origin. It records the
// request and refuses it.
//
// Chrome itself also talks to Google in the background (network time,
// sign-in, GCM, optimization hints) whatever the flags; those hosts are
// counted apart (browserOwn). A page's own request to one of them is still
// caught by the page's network events, and blocked by the CSP.
type foreignProxy struct {
	srv        *http.Server
	mu         sync.Mutex
	got        []string
	browserOwn int
}

// browserOwnHosts are the domains of Chrome's background requests.
var browserOwnHosts = []string{"google.com", "googleapis.com", "gvt1.com"}

func startForeignProxy(t *testing.T) (*foreignProxy, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p := &foreignProxy{}
	p.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target, host := r.URL.String(), r.URL.Hostname()
		if r.Method == http.MethodConnect {
			target = "https://" + r.Host + "/"
			host, _, _ = net.SplitHostPort(r.Host)
		}
		p.mu.Lock()
		if isBrowserOwn(host) {
			p.browserOwn++
		} else {
			p.got = append(p.got, r.Method+" "+target)
		}
		p.mu.Unlock()
		http.Error(w, "browsertest: no request may leave the node's origin", http.StatusForbidden)
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	t.Cleanup(func() { _ = p.srv.Close() })
	return p, ln.Addr().String()
}

// isBrowserOwn reports whether host is in a domain of Chrome's own
// background requests.
func isBrowserOwn(host string) bool {
	host = strings.ToLower(host)
	for _, d := range browserOwnHosts {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// take returns the requests recorded since the last call.
func (p *foreignProxy) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	got := p.got
	p.got = nil
	return got
}

// request is one request the page made (or a WebSocket it opened).
type request struct {
	url  string
	kind string
	auth string // the Authorization header, if any
}

// document is the response to a page load.
type document struct {
	url    string
	status int64
	csp    string
}

// recorder keeps what the tab reports: requests, page responses, console
// and log messages, security issues. chromedp calls on in the tab's event
// loop, so it only appends.
type recorder struct {
	mu         sync.Mutex
	requests   []request
	docs       []document
	messages   []string // console calls, log entries and CSP issues
	exceptions []string
	wsSent     []string // payloads of WebSocket frames the page sent
	// pages maps the request ids of /explorer responses to their URLs.
	pages map[network.RequestID]string
}

func newRecorder() *recorder {
	return &recorder{pages: map[network.RequestID]string{}}
}

func (r *recorder) on(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			r.requests = append(r.requests, request{url: ev.Request.URL, kind: string(ev.Type), auth: header(ev.Request.Headers, "Authorization")})
		}
	case *network.EventWebSocketCreated:
		r.requests = append(r.requests, request{url: ev.URL, kind: "WebSocket"})
	case *network.EventWebSocketFrameSent:
		if ev.Response != nil {
			r.wsSent = append(r.wsSent, string(ev.Response.PayloadData))
		}
	case *network.EventResponseReceived:
		if ev.Response == nil {
			return
		}
		if ev.Type == network.ResourceTypeDocument {
			r.docs = append(r.docs, document{url: ev.Response.URL, status: ev.Response.Status, csp: header(ev.Response.Headers, "Content-Security-Policy")})
		}
		if u, err := url.Parse(ev.Response.URL); err == nil && strings.HasPrefix(u.Path, "/explorer") && ev.Response.Status == http.StatusOK {
			r.pages[ev.RequestID] = ev.Response.URL
		}
	case *log.EventEntryAdded:
		if ev.Entry != nil {
			r.messages = append(r.messages, fmt.Sprintf("log %s/%s: %s (%s)", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
		}
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, remoteText(a))
		}
		r.messages = append(r.messages, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
	case *runtime.EventExceptionThrown:
		if d := ev.ExceptionDetails; d != nil {
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			r.exceptions = append(r.exceptions, fmt.Sprintf("%s (%s:%d)", text, d.URL, d.LineNumber+1))
		}
	case *audits.EventIssueAdded:
		if ev.Issue != nil && ev.Issue.Code == audits.InspectorIssueCodeContentSecurityPolicyIssue {
			detail := ""
			if d := ev.Issue.Details; d != nil && d.ContentSecurityPolicyIssueDetails != nil {
				c := d.ContentSecurityPolicyIssueDetails
				detail = fmt.Sprintf("directive %q blocked %q", c.ViolatedDirective, c.BlockedURL)
			}
			r.messages = append(r.messages, "audit: Content Security Policy issue: "+detail)
		}
	}
}

// remoteText is how the console would show a logged value.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		s := string(o.Value)
		if len(s) >= 2 && s[0] == '"' {
			return strings.Trim(s, `"`)
		}
		return s
	}
	return o.Description
}

// header reads a header whatever the case of its name.
func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// drain returns what was recorded since the last drain.
func (r *recorder) drain() (reqs []request, docs []document, msgs, excs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	reqs, docs, msgs, excs = r.requests, r.docs, r.messages, r.exceptions
	r.requests, r.docs, r.messages, r.exceptions = nil, nil, nil, nil
	return
}

// harness is one node and one browser tab shared by the subtests.
type harness struct {
	n         *node
	tab       context.Context
	rec       *recorder
	proxy     *foreignProxy
	artifacts string
	shots     int
	// all requests seen, for the checks that span the whole run.
	allRequests []request
}

// startBrowser starts the browser with one tab whose events go to rec;
// what chromedp itself logs goes to the test log through redact.
func startBrowser(t *testing.T, exe, proxy string, rec *recorder, redact func(string) string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(desktopW, desktopH),
		chromedp.ProxyServer("http://"+proxy),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-pings", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox (CI containers).
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	var mu sync.Mutex
	ended := false
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !ended {
			t.Log("chromedp: " + redact(fmt.Sprintf(format, args...)))
		}
	}
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(rec.on), chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	t.Cleanup(func() {
		mu.Lock()
		ended = true
		mu.Unlock()
	})
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first Do starts the browser; it must not carry a deadline, which
	// would end the browser with it.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	if _, err := chromedp.Call(tab, audits.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable audits: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(desktopW, desktopH)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	return tab
}

// do runs actions in the tab with a deadline.
func (h *harness) do(t *testing.T, what string, d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(h.tab, d)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(h.n.Redact(what + ": " + err.Error()))
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, h *harness, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(h.tab, waitUI)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(h.n.Redact(fmt.Sprintf("evaluate %s: %v", expr, err)))
	}
	return v
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// navigate loads a page and waits for its load event.
func (h *harness) navigate(t *testing.T, u string) {
	t.Helper()
	h.do(t, "navigate to "+u, waitUI, chromedp.Navigate(u))
}

// visible waits until the element is visible.
func (h *harness) visible(t *testing.T, sel string) {
	t.Helper()
	h.do(t, "wait for "+sel+" to show", waitUI, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// present reports whether an element matches sel now.
func (h *harness) present(t *testing.T, sel string) bool {
	t.Helper()
	return eval[bool](t, h, "document.querySelector("+js(sel)+") !== null")
}

// click waits for the element to show and clicks it.
func (h *harness) click(t *testing.T, sel string) {
	t.Helper()
	h.do(t, "click "+sel, waitUI, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// fill empties an input and types value into it, as a person would.
func (h *harness) fill(t *testing.T, sel, value string) {
	t.Helper()
	h.visible(t, sel)
	// chromedp.Clear fails on an empty <textarea>; empty it as a select-all
	// and delete would, with the input event a page listens to.
	eval[bool](t, h, `(() => { const e = document.querySelector(`+js(sel)+`);
		e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	h.do(t, "type into "+sel, waitUI, chromedp.SendKeys(chromedp.CSS(sel), value))
}

// choose selects an option of a <select> and fires its change event.
func (h *harness) choose(t *testing.T, sel, value string) {
	t.Helper()
	h.visible(t, sel)
	ok := eval[bool](t, h, `(() => { const s = document.querySelector(`+js(sel)+`);
		if (![...s.options].some(o => o.value === `+js(value)+`)) return false;
		s.value = `+js(value)+`;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true; })()`)
	if !ok {
		t.Fatalf("%s has no option %q", sel, value)
	}
}

// text returns an element's textContent, trimmed ("" when absent).
func (h *harness) text(t *testing.T, sel string) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, h, `(document.querySelector(`+js(sel)+`) || {}).textContent || ""`))
}

// waitFor polls the JavaScript expression until ok accepts its value, and
// returns the value; on timeout it fails with what it saw last.
func waitFor[T any](t *testing.T, h *harness, what string, d time.Duration, expr string, ok func(T) bool) T {
	t.Helper()
	deadline := time.Now().Add(d)
	var last T
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(h.tab, waitUI)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil {
			last, lastErr = v, nil
			if ok(v) {
				return v
			}
		} else {
			lastErr = err
		}
		if time.Now().After(deadline) {
			if lastErr != nil {
				t.Fatalf("%s: not within %v: %s", what, d, h.n.Redact(lastErr.Error()))
			}
			t.Fatalf("%s: not within %v; last seen %s", what, d, h.n.Redact(fmt.Sprintf("%#v", last)))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// eventually polls a condition of the test's own (events recorded, the
// node's state) until it holds, and fails after d.
func eventually(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// waitText waits until the element's text satisfies ok and returns it.
func (h *harness) waitText(t *testing.T, sel, what string, d time.Duration, ok func(string) bool) string {
	t.Helper()
	return waitFor(t, h, what+" ("+sel+")", d, `((document.querySelector(`+js(sel)+`) || {}).textContent || "").trim()`, ok)
}

// pageError returns the text of #error when it shows, else "".
func (h *harness) pageError(t *testing.T) string {
	t.Helper()
	return eval[string](t, h, `(() => { const e = document.getElementById("error");
		return e && e.offsetParent !== null ? e.textContent.trim() : ""; })()`)
}

// nextFrame waits until the page has laid out and painted twice.
func (h *harness) nextFrame(t *testing.T) {
	t.Helper()
	eval[bool](t, h, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
}

// shot saves screenshots of the page at the desktop and at the phone
// viewport, and leaves the desktop viewport: into the artifacts the whole
// page, under docs/img/ (with -update-screenshots, when docName is not
// empty) what a person sees first, the top of the page.
func (h *harness) shot(t *testing.T, name, docName string) {
	t.Helper()
	h.shots++
	for _, vp := range []struct {
		label string
		w, h  int64
		opts  []chromedp.EmulateViewportOption
	}{
		{"desktop", desktopW, desktopH, nil},
		{"phone", phoneW, phoneH, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait}},
	} {
		h.do(t, "viewport "+vp.label, waitUI, chromedp.EmulateViewport(vp.w, vp.h, vp.opts...))
		h.nextFrame(t)
		if vp.label == "phone" {
			h.checkNoSideScroll(t, name)
		}
		whole := h.capture(t, chromedp.FullScreenshot(100))
		file := filepath.Join(h.artifacts, fmt.Sprintf("%02d-%s-%s.png", h.shots, name, vp.label))
		if err := os.WriteFile(file, whole, 0o644); err != nil {
			t.Fatalf("save screenshot: %v", err)
		}
		if docName != "" && updateDocs() {
			eval[bool](t, h, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
			h.nextFrame(t)
			dir := filepath.Join("..", "..", "..", "docs", "img")
			doc := filepath.Join(dir, fmt.Sprintf("webui-%s-%s.png", docName, vp.label))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatalf("docs/img: %v", err)
			}
			if err := os.WriteFile(doc, h.capture(t, chromedp.CaptureScreenshot()), 0o644); err != nil {
				t.Fatalf("update %s: %v", doc, err)
			}
			t.Logf("updated %s", doc)
		}
	}
	h.do(t, "viewport desktop", waitUI, chromedp.EmulateViewport(desktopW, desktopH))
	h.nextFrame(t)
}

// capture runs a screenshot action.
func (h *harness) capture(t *testing.T, a chromedp.Action[[]byte]) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(h.tab, waitUI)
	defer cancel()
	img, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// updateDocs reports whether this run rewrites docs/img/.
func updateDocs() bool {
	return *updateScreenshots || os.Getenv("STEGOS_UPDATE_SCREENSHOTS") == "1"
}

// checkNoSideScroll fails when the page is wider than the phone's screen:
// a phone user would have to scroll sideways. It names the elements that
// stick out.
func (h *harness) checkNoSideScroll(t *testing.T, screen string) {
	t.Helper()
	wide := eval[[]string](t, h, `(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w + 1) return [];
		const out = [];
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > w + 1) {
				out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
					(el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
					" (right edge " + Math.round(r.right) + " px)");
				if (out.length === 5) break;
			}
		}
		return out.length ? out : ["document " + document.documentElement.scrollWidth + " px wide"];
	})()`)
	if len(wide) > 0 {
		t.Errorf("screen %q scrolls sideways on a %d px wide phone: %s", screen, phoneW, strings.Join(wide, "; "))
	}
}

// check applies the checks that hold for every flow to what the tab
// reported since the last check: every request goes to the node's origin
// and carries no token in its URL, every page has the CSP header, no CSP
// violation, no request reached the foreign proxy.
func (h *harness) check(t *testing.T) {
	t.Helper()
	reqs, docs, msgs, excs := h.rec.drain()
	h.allRequests = append(h.allRequests, reqs...)
	for _, p := range h.requestProblems(reqs) {
		t.Error(p)
	}
	for _, d := range docs {
		if d.status >= 300 {
			continue
		}
		if d.csp == "" {
			t.Errorf("page %s came without a Content-Security-Policy header", h.n.Redact(d.url))
		} else if d.csp != wantCSP {
			t.Errorf("page %s has Content-Security-Policy %q, want %q", h.n.Redact(d.url), d.csp, wantCSP)
		}
	}
	for _, m := range msgs {
		if isCSPViolation(m) {
			t.Errorf("Content Security Policy violation: %s", h.n.Redact(m))
		}
	}
	for _, e := range excs {
		t.Logf("uncaught exception in the page: %s", h.n.Redact(e))
	}
	for _, r := range h.proxy.take() {
		t.Errorf("the browser sent a request to another origin (it reached the proxy): %s", h.n.Redact(r))
	}
}

// requestProblems says what is wrong with requests (redacted): one to
// another origin, the token in a URL.
func (h *harness) requestProblems(reqs []request) []string {
	var out []string
	for _, r := range reqs {
		if err := h.sameOrigin(r.url); err != nil {
			out = append(out, fmt.Sprintf("a request to another origin (%s): %s", r.kind, h.n.Redact(err.Error())))
		}
		if strings.Contains(r.url, h.n.Token) {
			out = append(out, fmt.Sprintf("the token is in the URL of a request (%s): %s", r.kind, h.n.Redact(r.url)))
		}
	}
	return out
}

// isCSPViolation recognizes the browser's report of a blocked load or
// inline code in a console message, a log entry or an audit issue.
func isCSPViolation(msg string) bool {
	return strings.Contains(msg, "Content Security Policy") || strings.Contains(msg, "Content-Security-Policy")
}

// sameOrigin says why a request URL is not on the node's origin (nil if
// it is). data: and blob: URLs are not requests to any other origin; a
// blob's origin must still be the node's.
func (h *harness) sameOrigin(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q: %w", raw, err)
	}
	switch u.Scheme {
	case "data":
		return nil
	case "blob":
		return h.sameOrigin(u.Opaque)
	case "http", "ws":
		if u.Host == h.n.Addr {
			return nil
		}
	}
	return fmt.Errorf("%s is not on %s", raw, h.n.URL)
}

// decodeQR reads the text of the one QR code in an image.
func decodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("bitmap: %w", err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", fmt.Errorf("read the QR code: %w", err)
	}
	return res.GetText(), nil
}

// qrGeometry measures a QR code's picture: the size of a module in pixels
// (the top-left finder pattern's first row is 7 dark modules) and the
// light margin before it, in modules.
func qrGeometry(img image.Image) (module, quiet float64, err error) {
	b := img.Bounds()
	dark := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (r+g+bl)/3 < 0x8000
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !dark(x, y) {
				continue
			}
			run := 0
			for xx := x; xx < b.Max.X && dark(xx, y); xx++ {
				run++
			}
			module = float64(run) / 7
			return module, float64(min(x-b.Min.X, y-b.Min.Y)) / module, nil
		}
	}
	return 0, 0, errors.New("no dark pixel")
}
