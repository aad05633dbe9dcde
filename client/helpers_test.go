package client

import (
	"context"
	"encoding/json"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/rpcserver"
)

const testToken = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// testServer is a real rpcserver.Server on a loopback port.
type testServer struct {
	*rpcserver.Server
	url  string
	stop func()
}

// startServer serves handlers (method name to handler) until the test ends
// or stop is called.
func startServer(t *testing.T, handlers map[string]rpcserver.Handler) *testServer {
	t.Helper()
	return startServerConfig(t, rpcserver.Config{}, handlers)
}

// startServerConfig is startServer with cfg (its token, rate limit and
// shutdown timeout are set here).
func startServerConfig(t *testing.T, cfg rpcserver.Config, handlers map[string]rpcserver.Handler) *testServer {
	t.Helper()
	cfg.Token, cfg.RateLimit, cfg.ShutdownTimeout = testToken, -1, time.Second
	srv, err := rpcserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range handlers {
		srv.Register(name, h, rpcserver.MethodSpec{Summary: name})
	}
	ln, err := rpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ctx, ln); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return &testServer{srv, "http://" + ln.Addr().String(), stop}
}

// newClient returns a Client of ts with the right token.
func newClient(t *testing.T, ts *testServer) *Client {
	t.Helper()
	c, err := New(ts.url, testToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// returns is a handler that decodes its params strictly into a P (so
// misspelt or unknown fields fail) and returns result.
func returns[P any](result any) rpcserver.Handler {
	return func(_ context.Context, params json.RawMessage) (any, error) {
		var p P
		if err := rpcserver.DecodeParams(params, &p); err != nil {
			return nil, err
		}
		return result, nil
	}
}

// recorder keeps the params of the last call of a handler.
type recorder struct {
	mu   sync.Mutex
	last json.RawMessage
}

func (r *recorder) wrap(h rpcserver.Handler) rpcserver.Handler {
	return func(ctx context.Context, params json.RawMessage) (any, error) {
		r.mu.Lock()
		r.last = append(json.RawMessage(nil), params...)
		r.mu.Unlock()
		return h(ctx, params)
	}
}

func (r *recorder) params() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(r.last)
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
