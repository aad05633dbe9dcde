package rpcserver

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
)

func TestDiscover(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	_, body := ts.post(t, "Bearer "+testToken, `{"jsonrpc":"2.0","method":"rpc.discover","id":1}`)
	r := decodeResp(t, body)
	if !json.Valid(r.Result) {
		t.Fatalf("result is not JSON: %s", r.Result)
	}
	var doc struct {
		OpenRPC string `json:"openrpc"`
		Info    struct {
			Title, Version string
		} `json:"info"`
		Methods []struct {
			Name   string          `json:"name"`
			Params []any           `json:"params"`
			Result json.RawMessage `json:"result"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(r.Result, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenRPC != "1.2.6" || doc.Info.Title == "" {
		t.Errorf("openrpc %q, info %+v", doc.OpenRPC, doc.Info)
	}
	var names []string
	for _, m := range doc.Methods {
		names = append(names, m.Name)
		if m.Params == nil || m.Result == nil {
			t.Errorf("method %s lacks params or result", m.Name)
		}
	}
	want := []string{"auth", "subscribe", "test.echo", "test.fail", "test.panic", "test.typed", "unsubscribe"}
	if !slices.Equal(names, want) {
		t.Errorf("methods = %v, want %v (sorted)", names, want)
	}
	// rpc.discover and OpenRPC() give the same document.
	file, err := ts.OpenRPC()
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := json.Compact(&a, file); err != nil {
		t.Fatal(err)
	}
	if err := json.Compact(&b, r.Result); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("OpenRPC() differs from rpc.discover:\n%s\n%s", a.String(), b.String())
	}
}

func TestRegisterPanics(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	h := func(context.Context, json.RawMessage) (any, error) { return nil, nil }
	s.Register("a.b", h, MethodSpec{})
	tests := []struct {
		name   string
		method string
		h      Handler
		spec   MethodSpec
	}{
		{"duplicate", "a.b", h, MethodSpec{}},
		{"reserved", "rpc.x", h, MethodSpec{}},
		{"builtin", "subscribe", h, MethodSpec{}},
		{"empty", "", h, MethodSpec{}},
		{"nil handler", "c", nil, MethodSpec{}},
		{"bad schema", "d", h, MethodSpec{Params: []ParamSpec{{Name: "p", Schema: json.RawMessage("{")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("Register did not panic")
				}
			}()
			s.Register(tt.method, tt.h, tt.spec)
		})
	}
}

// The document lists the topics subscribe accepts.
func TestDiscoverListsTopics(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	var doc struct {
		Methods []struct {
			Name   string `json:"name"`
			Params []struct {
				Name   string `json:"name"`
				Schema struct {
					Type string   `json:"type"`
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"params"`
		} `json:"methods"`
	}
	b, err := ts.OpenRPC()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, m := range doc.Methods {
		if m.Name != methodSubscribe {
			continue
		}
		if len(m.Params) != 2 || m.Params[0].Name != "topic" || m.Params[0].Schema.Type != "string" || !slices.Equal(m.Params[0].Schema.Enum, testTopics) ||
			m.Params[1].Name != "filter" || m.Params[1].Schema.Type != "object" {
			t.Fatalf("subscribe params = %+v, want topic, a string, one of %v, and filter, an object", m.Params, testTopics)
		}
		return
	}
	t.Fatal("no subscribe method in the document")
}
