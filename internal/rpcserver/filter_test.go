package rpcserver

import (
	"encoding/json"
	"strings"
	"testing"
)

// A subscription with a filter gets only the payloads whose top-level
// fields hold its values.
func TestWSSubscriptionFilter(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := ts.mustDial(t)
	sub := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"block","filter":{"app":"ping","n":"2"}},"id":1}`)
	var id string
	if err := json.Unmarshal(sub.Result, &id); err != nil || id == "" {
		t.Fatalf("subscribe: %+v", sub)
	}
	for _, p := range []map[string]any{
		{"app": "pong", "n": 2},
		{"app": "ping", "n": 3},
		{"app": "ping"},
		{"n": 2},
		{"app": "ping", "n": 2, "mark": "wanted"},
	} {
		ts.Publish("block", p)
	}
	ts.Publish("block", "not an object")
	r := wsRead(t, c)
	if !strings.Contains(string(r.Params), `"mark":"wanted"`) {
		t.Fatalf("first notification %s, want only the payload that matches", r.Params)
	}
	// Nothing else was queued: the next message answers this call.
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"},"id":2}`); string(r.ID) != "2" {
		t.Fatalf("after the matching notification got %+v", r)
	}
	if r := wsCall(t, c, `{"jsonrpc":"2.0","method":"unsubscribe","params":{"id":"`+id+`"},"id":3}`); string(r.Result) != "true" {
		t.Fatalf("unsubscribe: %+v", r)
	}
	ts.subsMu.Lock()
	left := len(ts.filters)
	ts.subsMu.Unlock()
	if left != 0 {
		t.Fatalf("%d filters kept after unsubscribe", left)
	}
}

func TestSubscribeRefusesBadFilters(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := ts.mustDial(t)
	for _, tt := range []struct{ name, filter string }{
		{"not strings", `{"app":1}`},
		{"empty name", `{"":"x"}`},
		{"too many fields", `{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1","h":"1","i":"1"}`},
		{"value too long", `{"app":"` + strings.Repeat("x", 257) + `"}`},
	} {
		r := wsCall(t, c, `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"block","filter":`+tt.filter+`},"id":1}`)
		if r.Error == nil || r.Error.Code != CodeInvalidParams {
			t.Errorf("%s: %+v, want invalid params", tt.name, r)
		}
	}
}
