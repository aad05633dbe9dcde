package rpcserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
)

func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1}`,
		`{"jsonrpc":"2.0","method":"x","params":[1,2],"id":"s"}`,
		`{"jsonrpc":"2.0","method":"x","id":null}`,
		`{"jsonrpc":"2.0","method":"x"}`,
		`{"jsonrpc":"1.0","method":"x","id":1}`,
		`{"jsonrpc":"2.0","method":null,"id":1}`,
		`[{"jsonrpc":"2.0","method":"x","id":1},2]`,
		`{"jsonrpc":"2.0","method":"x","params":"p","id":1e400}`,
		`{"jsonrpc":"2.0","method":"x","id":{}}`,
		`{"jsonrpc":"2.0","method":"x","params":{"&<>":"\u2028"}}`,
		`[]`, `{`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
	srv, err := New(Config{Token: testToken, RateLimit: -1})
	if err != nil {
		f.Fatal(err)
	}
	srv.Register("test.echo", func(_ context.Context, p json.RawMessage) (any, error) { return p, nil }, MethodSpec{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if out := srv.handleBody(t.Context(), data, &session{}); out != nil && !json.Valid(out) {
			t.Fatalf("response is not JSON: %s", out)
		}
		calls, _, berr := decodeBody(data, 32)
		if berr == nil && len(calls) == 0 {
			t.Fatal("decodeBody: no calls and no error")
		}
		req, err := DecodeRequest(data)
		if err != nil {
			var re *Error
			if !errors.As(err, &re) || (re.Code != CodeParseError && re.Code != CodeInvalidRequest) {
				t.Fatalf("error %v is not a parse or invalid-request *Error", err)
			}
			return
		}
		var buf bytes.Buffer
		e := json.NewEncoder(&buf)
		e.SetEscapeHTML(false)
		err = e.Encode(req)
		enc := buf.Bytes()
		if err != nil {
			t.Fatalf("re-encode %+v: %v", req, err)
		}
		again, err := DecodeRequest(enc)
		if err != nil {
			t.Fatalf("re-encoded request %s rejected: %v", enc, err)
		}
		if again.Method != req.Method || !bytes.Equal(compact(again.Params), compact(req.Params)) ||
			!bytes.Equal(again.ID, req.ID) || again.IsNotification() != req.IsNotification() {
			t.Fatalf("round trip changed the request: %+v -> %s -> %+v", req, enc, again)
		}
	})
}
