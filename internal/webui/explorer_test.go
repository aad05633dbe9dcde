package webui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
)

// noLeak fails if a page shows a Go error, a stack trace or unescaped
// markup.
func noLeak(t *testing.T, what, body string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic", ".go:", "runtime/", "fake:", "<script", "chainsrc:"} {
		if strings.Contains(body, bad) {
			t.Errorf("%s shows %q:\n%s", what, bad, body)
		}
	}
}

func TestExplorerPages(t *testing.T) {
	c := newFakeChain(45)
	h := newTestExplorer(t, c, true, nil)
	tx := fakeTx()
	txid := tx.ID().String()
	outs := make([]string, len(tx.Outputs))
	for i, o := range tx.Outputs {
		outs[i] = ledger.ID(o).String()
	}
	tests := []struct {
		target string
		want   []string
		not    []string
	}{
		{"/explorer", []string{
			`id="explorer-search"`, `name="q"`, `href="/ui/explorer.css"`,
			"4100000.123456 STG", "0.004321 STG", `data-status="holds"`, "holds at height 45",
			"12.345678 STG", "at height 60", `data-height="45"`, `data-height="26"`, `href="/explorer?from=25"`,
		}, []string{`data-height="25"`, `id="ex-newer"`}},
		{"/explorer?from=25", []string{`data-height="25"`, `data-height="6"`, `href="/explorer?from=45"`, `href="/explorer?from=5"`}, []string{`data-height="26"`, `data-height="5"`}},
		{"/explorer?from=5", []string{`data-height="5"`, `data-height="1"`, `href="/explorer?from=25"`}, []string{`id="ex-older"`}},
		{"/explorer?from=1000", []string{`data-height="45"`}, []string{`id="ex-newer"`}},
		{"/explorer/block/2", []string{
			`id="block-height">2<`, `class="tx-row" data-txid="` + txid + `"`, "1 confidential, 1 public, 1 stake; validator withdraw",
			"0.004321 STG", `href="/explorer/block/1"`, `href="/explorer/block/3"`,
		}, nil},
		{"/explorer/block/1", []string{"No transactions in this block."}, []string{`id="block-prev"`}},
		{"/explorer/block/45", nil, []string{`id="block-next"`}},
		{"/explorer/tx/" + txid, []string{
			`id="tx-id" class="ex-hex">` + txid, `href="/explorer/block/2"`, "0.004321 STG", "100 bytes",
			`data-output="` + ledger.OutputID{1}.String() + `"`,
			`class="output-row" data-kind="confidential" data-output="` + outs[0] + `"`,
			`class="output-row" data-kind="public"`, `class="output-row" data-kind="stake"`,
			"1.500000 STG", "2.000000 STG", "hidden", "withdraw on validator", "0.000777 STG",
		}, nil},
		{"/explorer/tx/" + strings.ToUpper(txid), []string{`id="tx-id" class="ex-hex">` + txid}, nil},
		{"/explorer/output/" + outs[0], []string{`data-kind="confidential"`, "hidden", `data-unspent="true"`, `href="/explorer/tx/` + txid + `"`, `href="/explorer/block/2"`}, []string{" STG<"}},
		{"/explorer/output/" + outs[2], []string{`data-kind="stake"`, "2.000000 STG", "to validator"}, nil},
		{"/explorer/validators", []string{
			`class="validator-row" data-key="` + strings.Repeat("ab", 32) + `"`, "5.000000 STG", "99.5%", "active", "not eligible",
			"jailed until 99", "–", "epoch 1", "height 40",
		}, nil},
		{"/explorer/award", []string{"12.345678 STG", "blocks 1 to 60", "the beacon after block 50", `class="award-row" data-height="30"`, "4.000000 STG", "nobody was eligible"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			code, hdr, body := get(t, h, "GET", tt.target)
			if code != http.StatusOK {
				t.Fatalf("status %d:\n%s", code, body)
			}
			if hdr.Get("Content-Type") != "text/html; charset=utf-8" || hdr.Get("Content-Security-Policy") != CSP || hdr.Get("Cache-Control") != "no-cache" {
				t.Errorf("headers %v", hdr)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("shows %q", w)
				}
			}
			noLeak(t, tt.target, body)
			if t.Failed() {
				t.Logf("page:\n%s", body)
			}
		})
	}
}

func TestExplorerOutputWithoutQuery(t *testing.T) {
	c := newFakeChain(3)
	h := newTestExplorer(t, c, false, nil)
	id := ledger.ID(fakeTx().Outputs[1]).String()
	code, _, body := get(t, h, "GET", "/explorer/output/"+id)
	if code != 200 || !strings.Contains(body, `data-unspent="true"`) || !strings.Contains(body, "only whether an output is unspent") || strings.Contains(body, "1.500000") {
		t.Fatalf("%d:\n%s", code, body)
	}
	code, _, body = get(t, h, "GET", "/explorer/output/"+strings.Repeat("00", 32))
	if code != 404 || !strings.Contains(body, "not in the set of unspent outputs") {
		t.Fatalf("%d:\n%s", code, body)
	}
}

func TestExplorerErrors(t *testing.T) {
	c := newFakeChain(45)
	c.pruned[3] = true
	h := newTestExplorer(t, c, true, nil)
	zero := strings.Repeat("00", 32)
	tests := []struct {
		target string
		code   int
		want   string
	}{
		{"/explorer?from=0", 400, "heights start at 1"},
		{"/explorer?from=abc", 400, "not a block height"},
		{"/explorer?from=-5", 400, "not a block height"},
		{"/explorer/block/0", 400, "heights start at 1"},
		{"/explorer/block/-1", 400, "not a block height"},
		{"/explorer/block/1.5", 400, "not a block height"},
		{"/explorer/block/abc", 400, "not a block height"},
		{"/explorer/block/+7", 400, "not a block height"},
		{"/explorer/block/99999999999999999999", 400, "too large"},
		{"/explorer/block/46", 404, "the chain is at height 45"},
		{"/explorer/block/3", 404, "pruned"},
		{"/explorer/block/", 404, "no page at this address"},
		{"/explorer/block/1/2", 404, "no page at this address"},
		{"/explorer/tx/abc", 400, "an id has 64 hex digits"},
		{"/explorer/tx/" + strings.Repeat("g", 64), 400, "only the hex digits"},
		{"/explorer/tx/" + zero + "0", 400, "an id has 64 hex digits"},
		{"/explorer/tx/" + zero, 404, "No block this node keeps holds transaction " + zero},
		{"/explorer/output/xyz", 400, "an id has 64 hex digits"},
		{"/explorer/output/" + zero, 404, "not in the set of unspent outputs"},
		{"/explorer/search", 400, "type a block height"},
		{"/explorer/search?q=", 400, "type a block height"},
		{"/explorer/search?q=hello", 400, "neither a block height nor"},
		{"/explorer/search?q=46", 404, "the chain is at height 45"},
		{"/explorer/search?q=0", 400, "heights start at 1"},
		{"/explorer/search?q=" + zero, 404, "Nothing matched"},
		{"/explorer/nope", 404, "no page at this address"},
		{"/explorer/block/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "&lt;script&gt;"},
		{"/explorer/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "&lt;script&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			code, hdr, body := get(t, h, "GET", tt.target)
			if code != tt.code {
				t.Fatalf("status %d, want %d:\n%s", code, tt.code, body)
			}
			if !strings.Contains(body, tt.want) || !strings.Contains(body, `id="ex-error" class="ex-error" role="alert"`) {
				t.Errorf("page lacks %q:\n%s", tt.want, body)
			}
			if hdr.Get("Content-Security-Policy") != CSP || hdr.Get("X-Frame-Options") != "DENY" {
				t.Errorf("error page headers %v", hdr)
			}
			noLeak(t, tt.target, body)
		})
	}
	// The explorer's root with a slash goes to the root without one.
	if code, hdr, _ := get(t, h, "GET", "/explorer/"); code != http.StatusMovedPermanently || hdr.Get("Location") != "/explorer" {
		t.Fatalf("/explorer/: %d %v", code, hdr)
	}
}

func TestExplorerSearchRedirects(t *testing.T) {
	c := newFakeChain(45)
	h := newTestExplorer(t, c, true, nil)
	tx := fakeTx()
	out := ledger.ID(tx.Outputs[0]).String()
	for q, want := range map[string]string{
		"7":                                  "/explorer/block/7",
		"%20%2045%20":                        "/explorer/block/45",
		"0007":                               "/explorer/block/7",
		tx.ID().String():                     "/explorer/tx/" + tx.ID().String(),
		strings.ToUpper(tx.ID().String()):    "/explorer/tx/" + tx.ID().String(),
		out:                                  "/explorer/output/" + out,
		"%09" + strings.ToUpper(out) + "%0A": "/explorer/output/" + out,
	} {
		code, hdr, body := get(t, h, "GET", "/explorer/search?q="+q)
		if code != http.StatusSeeOther || hdr.Get("Location") != want {
			t.Errorf("q=%s: %d to %q, want 303 to %s\n%s", q, code, hdr.Get("Location"), want, body)
		}
	}
}

func TestExplorerSourceFailures(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))
	pages := []string{"/explorer", "/explorer/block/2", "/explorer/tx/" + fakeTx().ID().String(), "/explorer/output/" + strings.Repeat("00", 32),
		"/explorer/validators", "/explorer/award", "/explorer/search?q=2"}
	for _, tc := range []struct {
		name string
		err  error
		code int
		want string
	}{
		{"unavailable", fmt.Errorf("%w: dial tcp: connection refused", chainsrc.ErrUnavailable), 503, "cannot reach its node"},
		{"internal", errors.New("fake: disk on fire at /secret/path"), 500, "could not show this page"},
	} {
		c := newFakeChain(3)
		c.fail = tc.err
		h := newTestExplorer(t, c, true, func(cfg *ExplorerConfig) { cfg.Logger = logger })
		for _, p := range pages {
			code, _, body := get(t, h, "GET", p)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("%s %s: %d, want %d with %q:\n%s", tc.name, p, code, tc.code, tc.want, body)
			}
			noLeak(t, p, body)
			if strings.Contains(body, "/secret/path") {
				t.Errorf("%s: the error's text reached the page", p)
			}
		}
	}
	// The operator's log has the details, the visitor's query does not.
	if !strings.Contains(logs.String(), "disk on fire") || !strings.Contains(logs.String(), `page="GET /explorer/block/{height}"`) || strings.Contains(logs.String(), "q=2") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// syncWriter serializes writes to w.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func TestExplorerPanicIsA500Page(t *testing.T) {
	c := newFakeChain(3)
	c.panicOn = true
	h := newTestExplorer(t, c, true, nil)
	code, _, body := get(t, h, "GET", "/explorer/block/2")
	if code != 500 || !strings.Contains(body, "Internal error") {
		t.Fatalf("%d:\n%s", code, body)
	}
	noLeak(t, "panic page", body)
}

func TestExplorerBusyAndSlow(t *testing.T) {
	c := newFakeChain(3)
	c.gate, c.entered = make(chan struct{}), make(chan struct{}, 1)
	h := newTestExplorer(t, c, true, func(cfg *ExplorerConfig) { cfg.MaxConcurrent = 1 })
	// One request holds the only slot until the gate opens.
	first := make(chan int, 1)
	go func() {
		code, _, _ := get(t, h, "GET", "/explorer/block/1")
		first <- code
	}()
	<-c.entered
	code, hdr, body := get(t, h, "GET", "/explorer/block/2")
	if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || !strings.Contains(body, "many requests") {
		t.Fatalf("second request while the only slot is held: %d %v:\n%s", code, hdr, body)
	}
	close(c.gate)
	if code := <-first; code != 200 {
		t.Fatalf("held request: %d", code)
	}
	if code, _, _ := get(t, h, "GET", "/explorer/block/2"); code != 200 {
		t.Fatalf("after the slot was freed: %d", code)
	}

	// A node that does not answer within the timeout: a 503 page.
	slow := newFakeChain(3)
	slow.gate = make(chan struct{})
	defer close(slow.gate)
	h = newTestExplorer(t, slow, true, func(cfg *ExplorerConfig) { cfg.Timeout = time.Millisecond })
	code, _, body = get(t, h, "GET", "/explorer")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "did not answer in time") {
		t.Fatalf("%d:\n%s", code, body)
	}
}

func TestExplorerHeadAndMethods(t *testing.T) {
	h := newTestExplorer(t, newFakeChain(3), true, nil)
	code, _, full := get(t, h, "GET", "/explorer/block/2")
	if code != 200 {
		t.Fatal(code)
	}
	code, hdr, body := get(t, h, "HEAD", "/explorer/block/2")
	if code != 200 || body != "" || hdr.Get("Content-Length") != fmt.Sprint(len(full)) {
		t.Fatalf("HEAD: %d, length %q (GET has %d), body %q", code, hdr.Get("Content-Length"), len(full), body)
	}
	if code, _, _ := get(t, h, "HEAD", "/explorer/block/99"); code != 404 {
		t.Fatalf("HEAD of a missing block: %d", code)
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		code, hdr, _ := get(t, h, m, "/explorer")
		if code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d %v", m, code, hdr)
		}
	}
	// The explorer on its own (without Handler) refuses them too.
	e, err := NewExplorer(ExplorerConfig{Chain: newFakeChain(3), Params: devParams(t)})
	if err != nil {
		t.Fatal(err)
	}
	if code, hdr, _ := serve(e, newLoopbackRequest("POST", "/explorer")); code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST to the bare explorer: %d %v", code, hdr)
	}
}

func TestExplorerNeedsNoToken(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	h := newTestExplorer(t, newFakeChain(3), true, nil)
	// A bearer token changes nothing: the explorer neither needs nor reads it.
	_, _, plain := get(t, h, "GET", "/explorer/block/2")
	r := newLoopbackRequest("GET", "/explorer/block/2")
	r.Header.Set("Authorization", "Bearer "+token)
	code, _, withToken := serve(h, r)
	if code != 200 || withToken != plain || strings.Contains(withToken, token) {
		t.Fatalf("with a bearer token: %d, same page %v", code, withToken == plain)
	}
	// A token in the URL is refused, and not echoed.
	for _, target := range []string{"/explorer?token=" + token, "/explorer/block/2?token=" + token, "/?token=" + token, "/explorer/search?q=1&token=" + token} {
		code, _, body := get(t, h, "GET", target)
		if code != http.StatusBadRequest || strings.Contains(body, token) || !strings.Contains(body, "never put the API token in a URL") {
			t.Errorf("%s: %d:\n%s", target, code, body)
		}
	}
}

func TestNewExplorerNeedsChainAndParams(t *testing.T) {
	if _, err := NewExplorer(ExplorerConfig{}); err == nil {
		t.Fatal("no chain accepted")
	}
	if _, err := NewExplorer(ExplorerConfig{Chain: newFakeChain(1)}); err == nil {
		t.Fatal("no params accepted")
	}
}

func TestViewHelpers(t *testing.T) {
	for _, tc := range []struct {
		signed, missed int64
		want           string
	}{{0, 0, "–"}, {1, 0, "100.0%"}, {999, 1, "99.9%"}, {1999, 1, "99.9%"}, {1, 1, "50.0%"}, {0, 5, "0.0%"}, {-1, 0, "–"}} {
		if got := uptime(tc.signed, tc.missed); got != tc.want {
			t.Errorf("uptime(%d, %d) = %q, want %q", tc.signed, tc.missed, got, tc.want)
		}
	}
	for u, want := range map[uint64]string{0: "0.000000 STG", 1: "0.000001 STG", 2_500_000: "2.500000 STG", 1<<64 - 1: "18446744073709.551615 STG"} {
		if got := formatSTG(u); got != want {
			t.Errorf("formatSTG(%d) = %q, want %q", u, got, want)
		}
	}
	for _, tc := range []struct {
		blocks int64
		block  time.Duration
		want   string
	}{{0, time.Second, "now"}, {45, time.Second, "about 45 s"}, {600, time.Second, "about 10 min"}, {7200, time.Second, "about 2 h"}, {604800, time.Second, "about 7 days"}, {1 << 62, time.Second, "a very long time"}} {
		if got := approxDuration(tc.blocks, tc.block); got != tc.want {
			t.Errorf("approxDuration(%d, %v) = %q, want %q", tc.blocks, tc.block, got, tc.want)
		}
	}
}

// newLoopbackRequest is a request from loopback to the API's address.
func newLoopbackRequest(method, target string) *http.Request {
	r, _ := http.NewRequestWithContext(context.Background(), method, "http://127.0.0.1:3145"+target, nil)
	r.RemoteAddr = "127.0.0.1:50000"
	return r
}
