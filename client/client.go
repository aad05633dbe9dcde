package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/stegos-go/stegos/api"
)

// DefaultURL is where stegosd serves the API unless configured otherwise.
const DefaultURL = "http://" + api.DefaultAddr

// maxResponseBytes caps the size of a response or notification read from
// the server.
const maxResponseBytes = 64 << 20

// Client calls the Stegos API. It is safe for concurrent use.
type Client struct {
	url   string
	token string
	http  *http.Client
	ids   atomic.Uint64
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the Client send its requests and WebSocket
// handshakes with hc instead of http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// New returns a Client of the API at rawURL that authenticates with token.
// rawURL is an http, https, ws or wss URL, or a bare host:port (taken as
// http). New does not contact the server.
func New(rawURL, token string, opts ...Option) (*Client, error) {
	u, err := normalizeURL(rawURL)
	if err != nil {
		return nil, err
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("client: empty API token")
	}
	c := &Client{url: u, token: token, http: http.DefaultClient}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// NewFromTokenFile is New with the token read from tokenFile (see
// TokenFromFile).
func NewFromTokenFile(rawURL, tokenFile string, opts ...Option) (*Client, error) {
	tok, err := TokenFromFile(tokenFile)
	if err != nil {
		return nil, err
	}
	return New(rawURL, tok, opts...)
}

// Dial is NewFromTokenFile followed by a node.status call, so a wrong URL
// or token shows up at once rather than at the first real call.
func Dial(ctx context.Context, rawURL, tokenFile string, opts ...Option) (*Client, error) {
	c, err := NewFromTokenFile(rawURL, tokenFile, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := c.NodeStatus(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// TokenFromFile reads the API token from path (stegosd writes it to
// <home>/api.token on its first start). The error says what to do when the
// file is missing, unreadable or empty.
func TokenFromFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("client: API token file %s does not exist: is stegosd initialized and running? "+
			"`stegosd dev` creates it on its first start (another node keeps it in <home>/%s)", path, api.TokenFile)
	case errors.Is(err, os.ErrPermission):
		return "", fmt.Errorf("client: cannot read the API token file %s: permission denied "+
			"(run as the user that runs stegosd)", path)
	case err != nil:
		return "", fmt.Errorf("client: cannot read the API token file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("client: the API token file %s is empty: `stegosd dev` (or stegosd start) writes a new one if you delete it", path)
	}
	return tok, nil
}

// URL returns the API URL the Client calls.
func (c *Client) URL() string { return c.url }

// normalizeURL turns the accepted spellings of the API address into an
// http or https URL.
func normalizeURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", errors.New("client: empty API URL")
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("client: invalid API URL %q: %w", raw, err)
	}
	switch u.Scheme {
	case "http", "https":
	case "ws":
		u.Scheme = "http"
	case "wss":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("client: invalid API URL %q: the scheme must be http, https, ws or wss", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("client: invalid API URL %q: no host", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// request is a JSON-RPC 2.0 request.
type request struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
	ID      uint64 `json:"id"`
}

// response is a JSON-RPC 2.0 response or, on a WebSocket, a notification.
type response struct {
	Result json.RawMessage `json:"result"`
	Error  *wireError      `json:"error"`
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

// wireError is an error object as it arrives; Data stays raw JSON.
type wireError struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func (e *wireError) apiError() *api.Error {
	ae := &api.Error{Code: e.Code, Message: e.Message}
	if len(e.Data) > 0 && !bytes.Equal(e.Data, []byte("null")) {
		ae.Data = e.Data
	}
	return ae
}

// encodeRequest encodes a call; nil params are sent as {} because the
// API's methods take named parameters.
func encodeRequest(id uint64, method string, params any) ([]byte, error) {
	if params == nil {
		params = struct{}{}
	}
	b, err := json.Marshal(request{"2.0", method, params, id})
	if err != nil {
		return nil, fmt.Errorf("client: %s: encode params: %w", method, err)
	}
	return b, nil
}

// Call calls method with params (nil for none) and decodes the result into
// result (nil to discard it). The typed methods of Client are built on it;
// use it for methods they do not cover.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	id := c.ids.Add(1)
	body, err := encodeRequest(id, method, params)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("client: %s: %w", method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(ctx, method, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return c.transportError(ctx, method, err)
	}
	if len(data) > maxResponseBytes {
		return fmt.Errorf("client: %s: the response exceeds %d bytes", method, maxResponseBytes)
	}
	return c.decodeResponse(method, resp.StatusCode, data, id, result)
}

func (c *Client) decodeResponse(method string, status int, data []byte, id uint64, result any) error {
	var r response
	if err := json.Unmarshal(data, &r); err != nil || (r.Error == nil && r.Result == nil) {
		return c.protocolError(method, status, data)
	}
	if r.Error != nil {
		return r.Error.apiError()
	}
	if string(r.ID) != strconv.FormatUint(id, 10) {
		return fmt.Errorf("client: %s: the response has id %s, not %d", method, r.ID, id)
	}
	if result == nil {
		return nil
	}
	if err := json.Unmarshal(r.Result, result); err != nil {
		return fmt.Errorf("client: %s: decode result: %w", method, err)
	}
	return nil
}

// protocolError describes an answer that is not a JSON-RPC response, such
// as an HTML error page from something else listening on the port.
func (c *Client) protocolError(method string, status int, data []byte) error {
	snippet := strings.TrimSpace(string(data))
	if len(snippet) > 120 {
		snippet = snippet[:120] + "…"
	}
	return fmt.Errorf("client: %s: %s did not answer like the Stegos API (HTTP %d %q): is the URL right?",
		method, c.url, status, snippet)
}

// transportError wraps a failure to send a request or read its response:
// the context's error when it ended, a *ConnError otherwise.
func (c *Client) transportError(ctx context.Context, method string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("client: %s: %w", method, cerr)
	}
	return &ConnError{URL: c.url, Err: err}
}
