package rpcserver

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex // guards following
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestInternalErrorLoggedNotSent(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	ts := startServer(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	_, body := ts.post(t, "Bearer "+testToken, `{"jsonrpc":"2.0","method":"test.fail","id":1}`)
	if strings.Contains(string(body), "unexpected EOF") {
		t.Errorf("response leaks the internal error: %s", body)
	}
	if !strings.Contains(logs.String(), "unexpected EOF") || !strings.Contains(logs.String(), "test.fail") {
		t.Errorf("log lacks the internal error: %q", logs.String())
	}
}

// TestHTTPOversizeChunked sends a body without Content-Length, so the limit
// is enforced while reading.
func TestHTTPOversizeChunked(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *Config) { c.MaxBodyBytes = 1024 })
	body := io.MultiReader(strings.NewReader(`{"jsonrpc":"2.0","method":"test.echo","params":{"text":"`),
		strings.NewReader(strings.Repeat("a", 4096)), strings.NewReader(`"},"id":1}`))
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if req.ContentLength != 0 || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("content length %d, status %d, want unknown length and 413", req.ContentLength, resp.StatusCode)
	}
	if r := decodeResp(t, b); errCode(r) != CodeTooLarge {
		t.Fatalf("code %d, want %d", errCode(r), CodeTooLarge)
	}
}
