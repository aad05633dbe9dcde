package rpcserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestHTTP(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.MaxBodyBytes = 4096; c.MaxBatch = 3 })
	auth := "Bearer " + testToken
	tests := []struct {
		name       string
		auth       string
		body       string
		wantStatus int
		wantCode   int    // 0: success
		wantID     string // "" to skip
		wantResult string // "" to skip
		wantMsg    string // substring of the error message
	}{
		{name: "echo", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"hi","n":2},"id":1}`,
			wantStatus: 200, wantID: "1", wantResult: `{"text":"hi","n":2}`},
		{name: "string id", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"},"id":"a"}`,
			wantStatus: 200, wantID: `"a"`},
		{name: "lowercase bearer", auth: "bearer " + testToken, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"},"id":1}`,
			wantStatus: 200},
		{name: "missing token", body: `{"jsonrpc":"2.0","method":"test.echo","id":1}`,
			wantStatus: 401, wantCode: CodeUnauthorized, wantID: "null"},
		{name: "wrong token", auth: "Bearer " + strings.Repeat("0", 64), body: `{"jsonrpc":"2.0","method":"test.echo","id":1}`,
			wantStatus: 401, wantCode: CodeUnauthorized},
		{name: "not bearer", auth: "Basic " + testToken, body: `{"jsonrpc":"2.0","method":"test.echo","id":1}`,
			wantStatus: 401, wantCode: CodeUnauthorized},
		{name: "bad json", auth: auth, body: `{"jsonrpc":"2.0",`,
			wantStatus: 200, wantCode: CodeParseError, wantID: "null"},
		{name: "not an object", auth: auth, body: `42`,
			wantStatus: 200, wantCode: CodeInvalidRequest, wantID: "null"},
		{name: "wrong version", auth: auth, body: `{"jsonrpc":"1.0","method":"test.echo","id":3}`,
			wantStatus: 200, wantCode: CodeInvalidRequest, wantID: "3"},
		{name: "method not a string", auth: auth, body: `{"jsonrpc":"2.0","method":7,"id":3}`,
			wantStatus: 200, wantCode: CodeInvalidRequest, wantID: "3"},
		{name: "id an object", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","id":{}}`,
			wantStatus: 200, wantCode: CodeInvalidRequest, wantID: "null"},
		{name: "params a string", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":"x","id":3}`,
			wantStatus: 200, wantCode: CodeInvalidRequest},
		{name: "unknown method", auth: auth, body: `{"jsonrpc":"2.0","method":"wallet.nope","id":4}`,
			wantStatus: 200, wantCode: CodeMethodNotFound, wantID: "4", wantMsg: `"wallet.nope"`},
		{name: "wrong param type", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":5},"id":5}`,
			wantStatus: 200, wantCode: CodeInvalidParams, wantMsg: `"text" must be string`},
		{name: "unknown param", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"txt":"a"},"id":5}`,
			wantStatus: 200, wantCode: CodeInvalidParams, wantMsg: "txt"},
		{name: "positional params", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":["a"],"id":5}`,
			wantStatus: 200, wantCode: CodeInvalidParams},
		{name: "internal error hidden", auth: auth, body: `{"jsonrpc":"2.0","method":"test.fail","id":6}`,
			wantStatus: 200, wantCode: CodeInternal, wantMsg: "internal error"},
		{name: "panic hidden", auth: auth, body: `{"jsonrpc":"2.0","method":"test.panic","id":6}`,
			wantStatus: 200, wantCode: CodeInternal, wantMsg: "internal error"},
		{name: "typed error", auth: auth, body: `{"jsonrpc":"2.0","method":"test.typed","id":7}`,
			wantStatus: 200, wantCode: -32010, wantMsg: "syncing"},
		{name: "subscribe over http", auth: auth, body: `{"jsonrpc":"2.0","method":"subscribe","params":{"topic":"t"},"id":8}`,
			wantStatus: 200, wantCode: CodeTransport},
		{name: "oversize body", auth: auth, body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"` + strings.Repeat("a", 5000) + `"},"id":9}`,
			wantStatus: 413, wantCode: CodeTooLarge},
		{name: "batch over cap", auth: auth, body: `[{"jsonrpc":"2.0","method":"test.echo","id":1},{"jsonrpc":"2.0","method":"test.echo","id":2},{"jsonrpc":"2.0","method":"test.echo","id":3},{"jsonrpc":"2.0","method":"test.echo","id":4}]`,
			wantStatus: 200, wantCode: CodeInvalidRequest, wantMsg: "limit of 3"},
		{name: "empty batch", auth: auth, body: `[]`,
			wantStatus: 200, wantCode: CodeInvalidRequest},
		{name: "discover", auth: auth, body: `{"jsonrpc":"2.0","method":"rpc.discover","id":10}`,
			wantStatus: 200, wantID: "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := ts.post(t, tt.auth, tt.body)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", status, tt.wantStatus, body)
			}
			r := decodeResp(t, body)
			if r.JSONRPC != "2.0" {
				t.Errorf("jsonrpc = %q", r.JSONRPC)
			}
			if got := errCode(r); got != tt.wantCode {
				t.Fatalf("error code = %d, want %d (body %s)", got, tt.wantCode, body)
			}
			if tt.wantCode != 0 && r.Result != nil {
				t.Errorf("error response has a result: %s", body)
			}
			if tt.wantID != "" && string(r.ID) != tt.wantID {
				t.Errorf("id = %s, want %s", r.ID, tt.wantID)
			}
			if tt.wantResult != "" && string(r.Result) != tt.wantResult {
				t.Errorf("result = %s, want %s", r.Result, tt.wantResult)
			}
			if tt.wantMsg != "" && !strings.Contains(r.Error.Message, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", r.Error.Message, tt.wantMsg)
			}
			if strings.Contains(string(body), "unexpected EOF") || strings.Contains(string(body), "boom") {
				t.Errorf("internal error text leaked: %s", body)
			}
		})
	}
}

func TestHTTPBatchAndNotifications(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	auth := "Bearer " + testToken
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantIDs    []string // response ids in order; nil: no body
		wantCodes  []int
	}{
		{name: "notification gets nothing", body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"x"}}`, wantStatus: 204},
		{name: "failing notification gets nothing", body: `{"jsonrpc":"2.0","method":"nope"}`, wantStatus: 204},
		{name: "batch of notifications gets nothing", body: `[{"jsonrpc":"2.0","method":"test.echo"},{"jsonrpc":"2.0","method":"x"}]`, wantStatus: 204},
		{name: "mixed batch", body: `[{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1},{"jsonrpc":"2.0","method":"test.echo","params":{"text":"b"}},{"jsonrpc":"2.0","method":"nope","id":2},1]`,
			wantStatus: 200, wantIDs: []string{"1", "2", "null"}, wantCodes: []int{0, CodeMethodNotFound, CodeInvalidRequest}},
		{name: "null id is answered", body: `{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":null}`,
			wantStatus: 200, wantIDs: []string{"null"}, wantCodes: []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := ts.post(t, auth, tt.body)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", status, tt.wantStatus, body)
			}
			if tt.wantIDs == nil {
				if len(body) != 0 {
					t.Fatalf("body = %s, want none", body)
				}
				return
			}
			var rs []rpcResp
			if strings.HasPrefix(tt.body, "[") {
				if err := json.Unmarshal(body, &rs); err != nil {
					t.Fatalf("batch response %s: %v", body, err)
				}
			} else {
				rs = []rpcResp{decodeResp(t, body)}
			}
			if len(rs) != len(tt.wantIDs) {
				t.Fatalf("got %d responses, want %d: %s", len(rs), len(tt.wantIDs), body)
			}
			for i, r := range rs {
				if string(r.ID) != tt.wantIDs[i] || errCode(r) != tt.wantCodes[i] {
					t.Errorf("response %d: id %s code %d, want id %s code %d", i, r.ID, errCode(r), tt.wantIDs[i], tt.wantCodes[i])
				}
			}
		})
	}
}

func TestHTTPRateLimit(t *testing.T) {
	t.Parallel()
	// The clock never advances, so the bucket holds exactly RateBurst calls.
	ts := startServer(t, func(c *Config) { c.RateLimit = 1; c.RateBurst = 3 })
	body := `[` + strings.Repeat(`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1},`, 4) +
		`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"a"},"id":1}]`
	_, b := ts.post(t, "Bearer "+testToken, body)
	var rs []rpcResp
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatal(err)
	}
	want := []int{0, 0, 0, CodeRateLimited, CodeRateLimited}
	for i, r := range rs {
		if errCode(r) != want[i] {
			t.Errorf("call %d: code %d, want %d", i, errCode(r), want[i])
		}
	}
	if rs[3].Error != nil && rs[3].Error.Message != "rate limited" {
		t.Errorf("message = %q", rs[3].Error.Message)
	}
}

func TestHTTPMethodNotAllowed(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	resp, err := http.Get(ts.url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET status = %d, want 405", resp.StatusCode)
	}
}
