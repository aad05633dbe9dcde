package webui

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/stegos-go/stegos/internal/rpcserver"
)

const testToken = "5ec2e7005ec2e7005ec2e7005ec2e7005ec2e7005ec2e7005ec2e7005ec2e700"

// startAPIWithPages serves the JSON-RPC API with the pages (and the
// explorer over c) on a loopback port, as stegosd does, until the test
// ends; it returns the base URL.
func startAPIWithPages(t *testing.T, c *fakeChain) string {
	t.Helper()
	e, err := NewExplorer(ExplorerConfig{Chain: c, Query: c, Params: devParams(t)})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := rpcserver.New(rpcserver.Config{Token: testToken, RateLimit: -1, UnauthRateLimit: -1, Pages: Handler(Config{Explorer: e})})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := rpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = srv.Serve(ctx, ln) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return "http://" + ln.Addr().String()
}

// TestCrossOriginWebSocketRefused: a page of another origin cannot open
// the API's WebSocket from a visitor's browser (the browser sets Origin;
// the server compares it with Host), with or without a token.
func TestCrossOriginWebSocketRefused(t *testing.T) {
	base := startAPIWithPages(t, newFakeChain(3))
	ws := "ws" + strings.TrimPrefix(base, "http")
	host := strings.TrimPrefix(base, "http://")
	dial := func(origin, token string) (*websocket.Conn, *http.Response, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		if token != "" {
			h.Set("Authorization", "Bearer "+token)
		}
		return websocket.Dial(ctx, ws, &websocket.DialOptions{HTTPHeader: h})
	}
	for _, tc := range []struct{ origin, token string }{
		{"http://evil.example", ""},
		{"http://evil.example", testToken},
		{"https://127.0.0.1.evil.example", ""},
		{"http://localhost:1", ""}, // another port is another origin
		{"null", ""},               // sandboxed frames, file: pages
	} {
		c, resp, err := dial(tc.origin, tc.token)
		if err == nil {
			c.CloseNow()
			t.Errorf("Origin %q (token %v): WebSocket opened", tc.origin, tc.token != "")
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("Origin %q: %v, want 403", tc.origin, err)
		}
	}
	// The pages' own origin, and clients that are not browsers (no Origin).
	for _, origin := range []string{"http://" + host, ""} {
		c, _, err := dial(origin, testToken)
		if err != nil {
			t.Fatalf("Origin %q: %v", origin, err)
		}
		c.CloseNow()
	}
}

// TestAPISendsNoCORSHeaders: another site's script cannot read the API's
// answers (no Access-Control-Allow-Origin), and its preflights get
// nothing either.
func TestAPISendsNoCORSHeaders(t *testing.T) {
	base := startAPIWithPages(t, newFakeChain(3))
	for _, tc := range []struct {
		method string
		hdr    map[string]string
		body   string
	}{
		{"POST", map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}, `{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}`},
		{"POST", map[string]string{"Content-Type": "text/plain"}, `{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}`}, // a form post: no token
		{"OPTIONS", map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}, ""},
		{"GET", nil, ""},
	} {
		req, err := http.NewRequest(tc.method, base+"/", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", "http://evil.example")
		for k, v := range tc.hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k := range resp.Header {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("%s with a foreign Origin: header %s: %s", tc.method, k, resp.Header.Get(k))
			}
		}
		if tc.method == "POST" && tc.hdr["Authorization"] == "" && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a cross-site form post without the token: %d", resp.StatusCode)
		}
	}
}

// TestPagesThroughTheAPIServer: GET and HEAD reach the pages through
// rpcserver, with the Host check (DNS rebinding) and the security headers.
func TestPagesThroughTheAPIServer(t *testing.T) {
	base := startAPIWithPages(t, newFakeChain(3))
	for _, path := range []string{"/", "/explorer", "/explorer/block/2", "/ui/explorer.css"} {
		resp, body := httpGet(t, base+path, nil)
		if resp.StatusCode != 200 || body == "" {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		if resp.Header.Get("Content-Security-Policy") != CSP || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, resp.Header)
		}
		// The same request under a rebound name gets nothing.
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Host = "evil.example"
		r2, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r2.Body.Close()
		if r2.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("%s as evil.example: %d", path, r2.StatusCode)
		}
	}
	// A rebound name reaches the API's POST and WebSocket (they are not
	// pages), but they need the token, which the attacker's page cannot
	// read: it lives in the storage of the real origin.
	req, _ := http.NewRequest("POST", base+"/", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"wallet.accounts"}`))
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("API call under a rebound name without the token: %d", resp.StatusCode)
	}
	// HEAD of an explorer page over a real connection.
	req, _ = http.NewRequest("HEAD", base+"/explorer/block/2", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength <= 0 {
		t.Fatalf("HEAD: %d, length %d", resp.StatusCode, resp.ContentLength)
	}
}
