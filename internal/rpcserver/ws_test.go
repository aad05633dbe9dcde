package rpcserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestWSAuth(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	authMsg := func(tok string) string {
		return `{"jsonrpc":"2.0","method":"auth","params":{"token":"` + tok + `"},"id":1}`
	}
	tests := []struct {
		name       string
		header     string
		first      string // first message; "" sends none
		wantStatus int    // HTTP status of a refused upgrade; 0 if accepted
		wantClose  websocket.StatusCode
	}{
		{name: "header ok", header: "Bearer " + testToken},
		{name: "auth message ok", first: authMsg(testToken)},
		{name: "wrong header", header: "Bearer " + strings.Repeat("f", 64), wantStatus: http.StatusUnauthorized},
		{name: "malformed header", header: "Token abc", wantStatus: http.StatusUnauthorized},
		{name: "wrong token message", first: authMsg("nope"), wantClose: websocket.StatusPolicyViolation},
		{name: "missing token", first: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1}`, wantClose: websocket.StatusPolicyViolation},
		{name: "garbage first message", first: `{{{`, wantClose: websocket.StatusPolicyViolation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, resp, err := ts.dial(t, tt.header)
			if tt.wantStatus != 0 {
				if err == nil || resp == nil || resp.StatusCode != tt.wantStatus {
					t.Fatalf("dial: err %v, resp %v; want HTTP %d", err, resp, tt.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.first != "" {
				if err := c.Write(t.Context(), websocket.MessageText, []byte(tt.first)); err != nil {
					t.Fatal(err)
				}
			}
			if tt.wantClose != 0 {
				_, _, err := c.Read(t.Context())
				if got := websocket.CloseStatus(err); got != tt.wantClose {
					t.Fatalf("close status = %v (err %v), want %v", got, err, tt.wantClose)
				}
				return
			}
			if tt.first != "" {
				if r := wsRead(t, c); errCode(r) != 0 || string(r.Result) != "true" {
					t.Fatalf("auth response %+v", r)
				}
			}
			r := wsCall(t, c, `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"ws"},"id":2}`)
			if errCode(r) != 0 || string(r.Result) != `{"text":"ws","n":0}` || string(r.ID) != "2" {
				t.Fatalf("echo: %+v", r)
			}
		})
	}
}

func TestWSErrors(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.MaxBatch = 2; c.MaxSubscriptions = 2 })
	c := ts.mustDial(t)
	tests := []struct {
		name     string
		msg      string
		wantCode int
	}{
		{"bad json", `{"jsonrpc":`, CodeParseError},
		{"wrong type", `{"jsonrpc":"2.0","method":"test.echo","params":{"n":"x"},"id":1}`, CodeInvalidParams},
		{"unknown method", `{"jsonrpc":"2.0","method":"nope","id":1}`, CodeMethodNotFound},
		{"batch over cap", `[{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"a","id":1}]`, CodeInvalidRequest},
		{"subscribe without topic", `{"jsonrpc":"2.0","method":"subscribe","params":{},"id":1}`, CodeInvalidParams},
		{"unsubscribe unknown", `{"jsonrpc":"2.0","method":"unsubscribe","params":{"id":"zz"},"id":1}`, CodeInvalidParams},
		{"subscribe 1", `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"a"},"id":1}`, 0},
		{"subscribe 2", `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"b"},"id":1}`, 0},
		{"too many subscriptions", `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"c"},"id":1}`, CodeTooManySubscriptions},
	}
	// Sequential: the cases share one connection and its subscriptions.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errCode(wsCall(t, c, tt.msg)); got != tt.wantCode {
				t.Fatalf("code = %d, want %d", got, tt.wantCode)
			}
		})
	}
	t.Run("notification gets nothing", func(t *testing.T) {
		if err := c.Write(t.Context(), websocket.MessageText, []byte(`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"n"}}`)); err != nil {
			t.Fatal(err)
		}
		// The next message read must answer the next call, not the notification.
		r := wsCall(t, c, `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"after"},"id":"after"}`)
		if string(r.ID) != `"after"` {
			t.Fatalf("got %+v, want the response to id \"after\"", r)
		}
	})
}

func TestWSRateLimit(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.RateLimit = 1; c.RateBurst = 2 })
	c := ts.mustDial(t)
	for i, want := range []int{0, 0, CodeRateLimited, CodeRateLimited} {
		r := wsCall(t, c, fmt.Sprintf(`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":%d}`, i))
		if errCode(r) != want {
			t.Fatalf("call %d: code %d, want %d", i, errCode(r), want)
		}
	}
	// Another connection of the same client shares its bucket.
	if r := wsCall(t, ts.mustDial(t), `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1}`); errCode(r) != CodeRateLimited {
		t.Fatalf("second connection: %+v, want code %d", r, CodeRateLimited)
	}
}

func TestSubscribeUnknownTopic(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := ts.mustDial(t)
	tests := []struct {
		topic    string
		wantCode int
	}{
		{"block", 0},
		{"nope", CodeInvalidParams},
		{"Block", CodeInvalidParams},
		{"block ", CodeInvalidParams},
		{"", CodeInvalidParams},
	}
	for _, tt := range tests {
		r := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"`+tt.topic+`"},"id":1}`)
		if errCode(r) != tt.wantCode {
			t.Fatalf("subscribe %q: %+v, want code %d", tt.topic, r, tt.wantCode)
		}
		if tt.wantCode != 0 && tt.topic != "" {
			for _, valid := range testTopics {
				if !strings.Contains(r.Error.Message, valid) {
					t.Errorf("subscribe %q: message %q does not name the valid topic %q", tt.topic, r.Error.Message, valid)
				}
			}
		}
	}
	if got := ts.subscribers("nope"); got != 0 {
		t.Errorf("subscribers of an unknown topic = %d", got)
	}
}

func TestWSOversizeMessage(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.MaxBodyBytes = 1024 })
	c := ts.mustDial(t)
	msg := `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"` + strings.Repeat("a", 2000) + `"},"id":1}`
	if err := c.Write(t.Context(), websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.Read(t.Context())
	if got := websocket.CloseStatus(err); got != websocket.StatusMessageTooBig {
		t.Fatalf("close status = %v (err %v), want %v", got, err, websocket.StatusMessageTooBig)
	}
}

func TestWSMaxConns(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.MaxConns = 1 })
	ts.mustDial(t)
	_, resp, err := ts.dial(t, "Bearer "+testToken)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("second dial: err %v resp %v, want HTTP 503", err, resp)
	}
}

func TestWSSubscriptions(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := ts.mustDial(t)
	sub := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"block"},"id":1}`)
	var id string
	if err := json.Unmarshal(sub.Result, &id); err != nil || id == "" {
		t.Fatalf("subscribe: %+v", sub)
	}
	const n = 50
	for i := range n {
		ts.Publish("block", map[string]int{"height": i})
		ts.Publish("other", i) // nobody listens
	}
	for i := range n {
		r := wsRead(t, c)
		var p struct {
			Subscription string `json:"subscription"`
			Result       struct {
				Height int `json:"height"`
			} `json:"result"`
		}
		if r.Method != "subscription" || r.ID != nil || json.Unmarshal(r.Params, &p) != nil {
			t.Fatalf("notification %d: %+v", i, r)
		}
		if p.Subscription != id || p.Result.Height != i {
			t.Fatalf("notification %d: subscription %q height %d, want %q %d", i, p.Subscription, p.Result.Height, id, i)
		}
	}
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"unsubscribe","params":{"id":"`+id+`"},"id":2}`); string(r.Result) != "true" {
		t.Fatalf("unsubscribe: %+v", r)
	}
	ts.Publish("block", map[string]int{"height": -1})
	// The next message must be the answer to this call, not a notification.
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"},"id":3}`); string(r.ID) != "3" {
		t.Fatalf("after unsubscribe got %+v", r)
	}
	if got := ts.subscribers("block"); got != 0 {
		t.Fatalf("subscribers = %d after unsubscribe", got)
	}
}

func TestWSSlowSubscriberDisconnected(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.SubscriptionBuffer = 1 })
	c := ts.mustDial(t)
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"t"},"id":1}`); errCode(r) != 0 {
		t.Fatalf("subscribe: %+v", r)
	}
	// The client never reads: once the socket buffers fill, the queue of one
	// fills and the server drops the subscriber. Publish must never block.
	payload := strings.Repeat("x", 64<<10)
	for ts.subscribers("t") > 0 {
		ts.Publish("t", payload)
	}
}

func TestWSShutdownClosesConnections(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := ts.mustDial(t)
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"t"},"id":1}`); errCode(r) != 0 {
		t.Fatalf("subscribe: %+v", r)
	}
	// Read concurrently, so the client answers the close handshake.
	errc := make(chan error, 1)
	go func() {
		_, _, err := c.Read(t.Context())
		errc <- err
	}()
	ts.stop() // returns only once Serve has returned
	err := <-errc
	if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
		t.Fatalf("close status = %v (err %v), want going away", got, err)
	}
	if n := ts.subscribers("t"); n != 0 {
		t.Fatalf("subscribers after shutdown = %d", n)
	}
}
