package rpcserver

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stegos-go/stegos/api"
)

// DefaultAddr is the loopback address the API listens on by default.
const DefaultAddr = "127.0.0.1:3145"

// Config configures a Server. Zero limits take the defaults shown.
type Config struct {
	// Token is the API token clients must present (see LoadOrCreateToken).
	Token string
	// Logger receives handler failures; nil discards them.
	Logger *slog.Logger
	// Title and Version fill the OpenRPC info object.
	Title, Version string

	MaxBodyBytes int64 // request body / WebSocket message size; 1 MiB
	MaxBatch     int   // requests per batch; 32
	// RateLimit is the request rate of one client, in calls per second:
	// 50 (negative: unlimited). A client is the API token it presented
	// and its source address (an IPv4 address or an IPv6 /64); all its
	// HTTP requests and WebSocket connections share one budget, so
	// reconnecting does not refill it.
	RateLimit float64
	RateBurst int // token bucket size of a client; 100
	// UnauthRateLimit is the rate of unauthenticated attempts one source
	// address may make, per second: a missing or wrong token, or a
	// WebSocket opened without an Authorization header (it authenticates
	// by message). 1 (negative: unlimited). Over it such an attempt gets
	// HTTP 429 instead of 401 (or the upgrade); a request with the right
	// token from the same address is still served.
	UnauthRateLimit float64
	UnauthBurst     int // token bucket size of a source; 10
	// MaxRateKeys bounds the clients and the sources each limiter
	// remembers; the least recently seen is forgotten first. 4096.
	MaxRateKeys int
	// MaxConns bounds the authenticated WebSocket connections; 64.
	MaxConns int
	// MaxPendingConns bounds the WebSocket connections opened without an
	// Authorization header that have not sent their auth message yet,
	// apart from MaxConns; 64.
	MaxPendingConns int
	// AuthTimeout is how long a WebSocket opened without an Authorization
	// header has to authenticate before it is closed (status 1008); 5 s.
	AuthTimeout        time.Duration
	MaxSubscriptions   int // subscriptions per WebSocket connection; 16
	SubscriptionBuffer int // queued outgoing messages per WebSocket connection; 128
	// Topics are the topics subscribe accepts; nil means api.Topics.
	Topics []string
	// Pages, when set, serves the requests that are neither JSON-RPC POSTs
	// nor WebSocket upgrades (GET and HEAD: the web wallet and the
	// explorer, internal/webui). Nil: such requests get 405 as before.
	Pages           http.Handler
	ShutdownTimeout time.Duration
	// OriginPatterns are extra browser origins allowed to open a WebSocket
	// (the same host is always allowed).
	OriginPatterns []string
	// Now is the clock of the rate limiter; nil means time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.Title == "" {
		c.Title = "Stegos JSON-RPC API"
	}
	if c.Version == "" {
		c.Version = "0.0.0"
	}
	setDefault(&c.MaxBodyBytes, 1<<20)
	setDefault(&c.MaxBatch, 32)
	setDefault(&c.RateLimit, 50)
	setDefault(&c.RateBurst, 100)
	setDefault(&c.UnauthRateLimit, 1)
	setDefault(&c.UnauthBurst, 10)
	setDefault(&c.MaxRateKeys, 4096)
	setDefault(&c.MaxConns, 64)
	setDefault(&c.MaxPendingConns, 64)
	setDefault(&c.AuthTimeout, 5*time.Second)
	setDefault(&c.MaxSubscriptions, 16)
	setDefault(&c.SubscriptionBuffer, 128)
	setDefault(&c.ShutdownTimeout, 5*time.Second)
	if c.Topics == nil {
		c.Topics = api.Topics
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func setDefault[T int | int64 | float64 | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

// Server is a JSON-RPC 2.0 server. Create it with New, add methods with
// Register, then call Serve.
type Server struct {
	cfg   Config
	log   *slog.Logger
	token []byte

	regMu   sync.RWMutex // guards following
	methods map[string]method

	subsMu sync.Mutex // guards following
	topics map[string]map[string]*wsConn
	// filters holds the payload filter of a subscription id, if it has
	// one (subscribe's "filter"); guarded by subsMu.
	filters map[string]map[string]string
	nextID  uint64

	// clients limits the calls of each authenticated client, unauth the
	// unauthenticated attempts of each source; nil means unlimited.
	clients, unauth *limiterSet
	// conns counts authenticated WebSocket connections, pending those
	// waiting for their auth message.
	conns, pending slots
	wg             sync.WaitGroup
}

// New returns a Server for cfg. It fails when cfg.Token is empty.
func New(cfg Config) (*Server, error) {
	if cfg.Token == "" {
		return nil, errors.New("rpcserver: empty API token")
	}
	cfg.setDefaults()
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		token:   []byte(cfg.Token),
		methods: map[string]method{},
		topics:  map[string]map[string]*wsConn{},
		conns:   slots{max: int64(cfg.MaxConns)},
		pending: slots{max: int64(cfg.MaxPendingConns)},
	}
	if cfg.RateLimit >= 0 {
		s.clients = newLimiterSet(cfg.RateLimit, cfg.RateBurst, cfg.MaxRateKeys, cfg.Now)
	}
	if cfg.UnauthRateLimit >= 0 {
		s.unauth = newLimiterSet(cfg.UnauthRateLimit, cfg.UnauthBurst, cfg.MaxRateKeys, cfg.Now)
	}
	return s, nil
}

// Listen listens on addr, or on DefaultAddr when addr is empty.
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	return net.Listen("tcp", addr)
}

type serveCtxKey struct{}

// Serve serves HTTP POST and WebSocket on ln until ctx is cancelled, then
// shuts down gracefully: it stops accepting, closes WebSocket connections
// with "going away" and waits for in-flight HTTP requests up to
// Config.ShutdownTimeout. It returns nil after a shutdown on ctx.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext: func(net.Listener) context.Context {
			return context.WithValue(context.Background(), serveCtxKey{}, ctx)
		},
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.wg.Wait()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.wg.Wait()
	if errors.Is(err, context.DeadlineExceeded) {
		return hs.Close()
	}
	return err
}

// ServeHTTP serves a WebSocket upgrade or an HTTP POST.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isUpgrade(r) {
		s.serveWS(w, r)
		return
	}
	if s.cfg.Pages != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		s.cfg.Pages.ServeHTTP(w, r)
		return
	}
	s.serveHTTPPost(w, r)
}

func (s *Server) tokenOK(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), s.token) == 1
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (token string, present bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	const prefix = "bearer "
	if len(h) < len(prefix) || !equalFold(h[:len(prefix)], prefix) {
		return "", true
	}
	return h[len(prefix):], true
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// allowCall takes one call from the budget of the client at source.
func (s *Server) allowCall(source string) bool {
	return s.clients == nil || s.clients.allow(source)
}

// allowUnauth takes one unauthenticated attempt from the budget of source.
func (s *Server) allowUnauth(source string) bool {
	return s.unauth == nil || s.unauth.allow(source)
}

// refuseUnauthenticated answers a request with a missing or wrong token:
// 401, or 429 when its source has made too many such attempts.
func (s *Server) refuseUnauthenticated(w http.ResponseWriter, source string) {
	if !s.allowUnauth(source) {
		s.tooManyUnauth(w)
		return
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="stegos"`)
	writeHTTPError(w, http.StatusUnauthorized, errUnauthorized())
}

func (s *Server) tooManyUnauth(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(1/s.cfg.UnauthRateLimit))))
	writeHTTPError(w, http.StatusTooManyRequests, Errorf(CodeRateLimited, "rate limited: too many unauthenticated requests from this address"))
}

// slots counts connections against a limit.
type slots struct {
	n   atomic.Int64
	max int64
}

// hold takes a slot, or returns nil when none is free.
func (c *slots) hold() *hold {
	if c.n.Add(1) > c.max {
		c.n.Add(-1)
		return nil
	}
	return &hold{slots: c}
}

// hold is one slot taken; release gives it back once, however often it
// is called. A nil hold holds nothing.
type hold struct {
	slots *slots
	once  sync.Once
}

func (h *hold) release() {
	if h != nil {
		h.once.Do(func() { h.slots.n.Add(-1) })
	}
}
