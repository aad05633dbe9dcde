package rpcserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

const testToken = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// testTopics are the subscription topics of the test server.
var testTopics = []string{"a", "b", "c", "block", "t"}

// fixedClock never advances, so rate limits in tests do not depend on time.
func fixedClock() time.Time { return time.Unix(1_700_000_000, 0) }

type testServer struct {
	*Server
	url string
	// stop cancels Serve and waits for it to return.
	stop func()
}

// startServer serves a Server with an echo and a failing method on a
// loopback listener until the test ends.
func startServer(t *testing.T, mod func(*Config)) *testServer {
	t.Helper()
	cfg := Config{Token: testToken, Now: fixedClock, RateLimit: -1, Topics: testTopics}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Register("test.echo", func(_ context.Context, params json.RawMessage) (any, error) {
		var p struct {
			Text string `json:"text"`
			N    int    `json:"n"`
		}
		if err := DecodeParams(params, &p); err != nil {
			return nil, err
		}
		return p, nil
	}, MethodSpec{
		Summary: "Echoes its params",
		Params: []ParamSpec{
			{Name: "text", Required: true, Schema: json.RawMessage(`{"type":"string"}`)},
			{Name: "n", Schema: json.RawMessage(`{"type":"integer"}`)},
		},
		Result: &ParamSpec{Name: "echo", Schema: json.RawMessage(`{"type":"object"}`)},
	})
	s.Register("test.fail", func(context.Context, json.RawMessage) (any, error) {
		return nil, io.ErrUnexpectedEOF
	}, MethodSpec{Summary: "Fails with an internal error"})
	s.Register("test.panic", func(context.Context, json.RawMessage) (any, error) {
		panic("boom")
	}, MethodSpec{Summary: "Panics"})
	s.Register("test.typed", func(context.Context, json.RawMessage) (any, error) {
		return nil, &Error{Code: -32010, Message: "wallet still syncing", Data: map[string]int{"height": 7}}
	}, MethodSpec{Summary: "Fails with a typed error", Errors: []ErrorSpec{{-32010, "wallet still syncing"}}})

	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := s.Serve(ctx, ln); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	stop := func() { cancel(); wg.Wait() }
	t.Cleanup(stop)
	return &testServer{s, "http://" + ln.Addr().String() + "/", stop}
}

// post sends body with the given Authorization header value ("" for none).
func (ts *testServer) post(t *testing.T, auth, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// dial opens a WebSocket; with auth "" it sends no Authorization header.
func (ts *testServer) dial(t *testing.T, auth string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{}
	if auth != "" {
		h.Set("Authorization", auth)
	}
	c, resp, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(ts.url, "http"), &websocket.DialOptions{HTTPHeader: h})
	if err == nil {
		c.SetReadLimit(4 << 20)
		t.Cleanup(func() { c.CloseNow() })
	}
	return c, resp, err
}

func (ts *testServer) mustDial(t *testing.T) *websocket.Conn {
	t.Helper()
	c, _, err := ts.dial(t, "Bearer "+testToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wsCall(t *testing.T, c *websocket.Conn, msg string) rpcResp {
	t.Helper()
	if err := c.Write(t.Context(), websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	return wsRead(t, c)
}

func wsRead(t *testing.T, c *websocket.Conn) rpcResp {
	t.Helper()
	_, b, err := c.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return decodeResp(t, b)
}

// rpcResp is a decoded response or notification.
type rpcResp struct {
	JSONRPC string          `json:"jsonrpc"`
	Result  json.RawMessage `json:"result"`
	Error   *Error          `json:"error"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

func decodeResp(t *testing.T, b []byte) rpcResp {
	t.Helper()
	var r rpcResp
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decode response %s: %v", b, err)
	}
	return r
}

func errCode(r rpcResp) int {
	if r.Error == nil {
		return 0
	}
	return r.Error.Code
}
