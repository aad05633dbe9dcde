package rpcserver

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

const echoCall = `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1}`

func authCall(tok string) string {
	return `{"jsonrpc":"2.0","method":"auth","params":{"token":"` + tok + `"},"id":1}`
}

// readClose reads from c until the connection ends and returns the error
// that ended it, within limit (a bound for a broken server, not a speed
// requirement).
func readClose(t *testing.T, c *websocket.Conn, limit time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			return err
		}
	}
}

// An attacker opens more idle WebSockets, without a token, than there are
// connection slots. A client with a token must still be served at once,
// and the idle connections are closed at the auth deadline, which frees
// their slots for clients that authenticate by message.
func TestWSIdleUnauthenticatedDoNotLockOut(t *testing.T) {
	t.Parallel()
	const slots = 2
	ts := startServer(t, func(c *Config) {
		c.MaxConns, c.MaxPendingConns = slots, slots
		c.AuthTimeout = time.Second
		c.UnauthRateLimit = -1 // this test is about slots, not rates
	})
	var idle []*websocket.Conn
	for range 2 * slots {
		c, _, err := ts.dial(t, "")
		if err == nil {
			idle = append(idle, c)
		}
	}
	if len(idle) == 0 {
		t.Fatal("no idle connection was accepted")
	}
	for i := range slots {
		c, resp, err := ts.dial(t, "Bearer "+testToken)
		if err != nil {
			t.Fatalf("authenticated dial %d with %d idle connections open: %v (resp %v)", i, len(idle), err, resp)
		}
		if r := wsCall(t, c, echoCall); errCode(r) != 0 {
			t.Fatalf("authenticated call %d: %+v", i, r)
		}
	}
	// The slots for authenticated clients are full now.
	if _, resp, err := ts.dial(t, "Bearer "+testToken); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial over MaxConns: err %v resp %v, want HTTP 503", err, resp)
	}
	for i, c := range idle {
		err := readClose(t, c, 60*time.Second)
		if got := websocket.CloseStatus(err); got != websocket.StatusPolicyViolation {
			t.Fatalf("idle connection %d: close status %v (err %v), want %v", i, got, err, websocket.StatusPolicyViolation)
		}
	}
	// Their pending slots are free again: a browser-style client gets in
	// (and, the authenticated slots being full, is told to retry later).
	c, _, err := ts.dial(t, "")
	if err != nil {
		t.Fatalf("dial after the idle connections were closed: %v", err)
	}
	if err := c.Write(t.Context(), websocket.MessageText, []byte(authCall(testToken))); err != nil {
		t.Fatal(err)
	}
	if got := websocket.CloseStatus(readClose(t, c, 60*time.Second)); got != websocket.StatusTryAgainLater {
		t.Fatalf("auth with every authenticated slot taken: close status %v, want %v", got, websocket.StatusTryAgainLater)
	}
}

func TestWSAuthTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 500 * time.Millisecond
	ts := startServer(t, func(c *Config) { c.AuthTimeout = timeout; c.UnauthRateLimit = -1 })
	t.Run("silent", func(t *testing.T) {
		t.Parallel()
		c, _, err := ts.dial(t, "")
		if err != nil {
			t.Fatal(err)
		}
		err = readClose(t, c, 60*time.Second)
		if websocket.CloseStatus(err) != websocket.StatusPolicyViolation || !strings.Contains(err.Error(), "authentication") {
			t.Fatalf("close: %v, want status 1008 naming authentication", err)
		}
	})
	t.Run("authenticated in time stays open", func(t *testing.T) {
		t.Parallel()
		c, _, err := ts.dial(t, "")
		if err != nil {
			t.Fatal(err)
		}
		if r := wsCall(t, c, authCall(testToken)); string(r.Result) != "true" {
			t.Fatalf("auth: %+v", r)
		}
		time.Sleep(3 * timeout)
		if r := wsCall(t, c, echoCall); errCode(r) != 0 {
			t.Fatalf("call after the auth deadline: %+v", r)
		}
	})
	t.Run("header needs no auth message", func(t *testing.T) {
		t.Parallel()
		c := ts.mustDial(t)
		time.Sleep(3 * timeout)
		if r := wsCall(t, c, echoCall); errCode(r) != 0 {
			t.Fatalf("call after the auth deadline: %+v", r)
		}
	})
}

// newHTTPClient returns a client that opens a new TCP connection for every
// request, from local (nil: any address).
func newHTTPClient(local net.IP) *http.Client {
	d := &net.Dialer{}
	if local != nil {
		d.LocalAddr = &net.TCPAddr{IP: local}
	}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

func postWith(t *testing.T, hc *http.Client, url, auth, body string) (int, rpcResp) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, decodeResp(t, b)
}

// A client that reconnects must not get a fresh request budget: the limit
// is per client (token and source address), not per connection.
func TestRateLimitSurvivesReconnect(t *testing.T) {
	t.Parallel()
	type conn func(t *testing.T, ts *testServer) func(msg string) rpcResp
	ws := func(t *testing.T, ts *testServer) func(string) rpcResp {
		c := ts.mustDial(t)
		return func(msg string) rpcResp { return wsCall(t, c, msg) }
	}
	httpConn := func(t *testing.T, ts *testServer) func(string) rpcResp {
		hc := newHTTPClient(nil)
		return func(msg string) rpcResp {
			_, r := postWith(t, hc, ts.url, "Bearer "+testToken, msg)
			return r
		}
	}
	tests := []struct {
		name         string
		first, again conn
	}{
		{"websocket then websocket", ws, ws},
		{"http then http, new TCP connection each", httpConn, httpConn},
		{"websocket then http", ws, httpConn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t, func(c *Config) { c.RateLimit = 1; c.RateBurst = 2 })
			call := tt.first(t, ts)
			for i, want := range []int{0, 0, CodeRateLimited} {
				if got := errCode(call(echoCall)); got != want {
					t.Fatalf("call %d: code %d, want %d", i, got, want)
				}
			}
			// The clock is fixed: nothing refills the bucket.
			if got := errCode(tt.again(t, ts)(echoCall)); got != CodeRateLimited {
				t.Fatalf("after reconnecting: code %d, want %d", got, CodeRateLimited)
			}
		})
	}
}

// Wrong tokens are limited per source address: one source guessing tokens
// is refused with 429, while a client with the token, and other sources,
// are still served.
func TestUnauthenticatedLimitedPerSource(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.UnauthRateLimit = 1; c.UnauthBurst = 3 })
	wrong := "Bearer " + strings.Repeat("0", 64)
	hc := newHTTPClient(net.IPv4(127, 0, 0, 1))
	for i := range 3 {
		if status, r := postWith(t, hc, ts.url, wrong, echoCall); status != http.StatusUnauthorized || errCode(r) != CodeUnauthorized {
			t.Fatalf("wrong token %d: HTTP %d %+v, want 401", i, status, r)
		}
	}
	if status, r := postWith(t, hc, ts.url, wrong, echoCall); status != http.StatusTooManyRequests || errCode(r) != CodeRateLimited {
		t.Fatalf("wrong token over the limit: HTTP %d %+v, want 429 with code %d", status, r, CodeRateLimited)
	}
	if status, r := postWith(t, hc, ts.url, "", echoCall); status != http.StatusTooManyRequests {
		t.Fatalf("no token over the limit: HTTP %d %+v, want 429", status, r)
	}
	if _, resp, err := ts.dial(t, ""); err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("WebSocket without a token over the limit: err %v resp %v, want HTTP 429", err, resp)
	}
	if status, r := postWith(t, hc, ts.url, "Bearer "+testToken, echoCall); status != http.StatusOK || errCode(r) != 0 {
		t.Fatalf("right token from the same source: HTTP %d %+v", status, r)
	}
	if r := wsCall(t, ts.mustDial(t), echoCall); errCode(r) != 0 {
		t.Fatalf("WebSocket with the token from the same source: %+v", r)
	}
	// Another loopback address is another source (Linux routes 127/8 to lo).
	other := newHTTPClient(net.IPv4(127, 0, 0, 2))
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.url, strings.NewReader(echoCall))
	resp, err := other.Do(req)
	if err != nil {
		t.Skipf("cannot connect from 127.0.0.2: %v", err)
	}
	resp.Body.Close()
	if status, r := postWith(t, other, ts.url, wrong, echoCall); status != http.StatusUnauthorized {
		t.Fatalf("wrong token from another source: HTTP %d %+v, want 401", status, r)
	}
}

func TestSourceKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		remote, want string
	}{
		{"127.0.0.1:5000", "127.0.0.1"},
		{"127.0.0.1:6000", "127.0.0.1"},
		{"10.1.2.3:1", "10.1.2.3"},
		{"[::ffff:10.1.2.3]:1", "10.1.2.3"},
		{"[2001:db8:1:2:3:4:5:6]:80", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:81", "2001:db8:1:2::/64"},
		{"[::1]:80", "::/64"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := sourceKey(tt.remote); got != tt.want {
			t.Errorf("sourceKey(%q) = %q, want %q", tt.remote, got, tt.want)
		}
	}
}

// The limiters remember at most max keys, so a flood of sources cannot
// grow them without bound; the least recently used key goes first.
func TestLimiterSetBounded(t *testing.T) {
	t.Parallel()
	const max = 8
	ls := newLimiterSet(1, 2, max, fixedClock)
	for i, want := range []bool{true, true, false} { // a burst of 2
		if got := ls.allow("a"); got != want {
			t.Fatalf("a, call %d: allow = %v, want %v", i, got, want)
		}
	}
	for i := range 100 * max {
		ls.allow(fmt.Sprint("flood", i))
		if i%(max-1) == 0 && ls.allow("a") {
			t.Fatalf("a was forgotten while in use (flood %d)", i)
		}
		if n := ls.len(); n > max {
			t.Fatalf("%d keys remembered, limit %d", n, max)
		}
	}
	// Once it falls out of use, a's empty bucket is forgotten.
	for i := range max {
		ls.allow(fmt.Sprint("again", i))
	}
	if !ls.allow("a") {
		t.Fatal("a: still limited after being evicted")
	}
}

func TestLimiterSetConcurrent(t *testing.T) {
	t.Parallel()
	ls := newLimiterSet(1, 10, 4, fixedClock)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for g := range 8 {
		wg.Go(func() {
			for range 20 {
				if ls.allow("k") {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
				ls.allow(fmt.Sprint("other", g))
			}
		})
	}
	wg.Wait()
	// k was allowed its burst at least (more only if it was evicted
	// between uses, which 4 keys and 8 goroutines allow).
	if allowed < 10 {
		t.Fatalf("allowed %d calls of k, want at least the burst of 10", allowed)
	}
}
