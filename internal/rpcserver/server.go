package rpcserver

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
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

	MaxBodyBytes       int64   // request body / WebSocket message size; 1 MiB
	MaxBatch           int     // requests per batch; 32
	RateLimit          float64 // requests per second per connection; 50 (negative: unlimited)
	RateBurst          int     // token bucket size; 100
	MaxConns           int     // concurrent WebSocket connections; 64
	MaxSubscriptions   int     // subscriptions per WebSocket connection; 16
	SubscriptionBuffer int     // queued outgoing messages per WebSocket connection; 128
	ShutdownTimeout    time.Duration
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
	setDefault(&c.MaxConns, 64)
	setDefault(&c.MaxSubscriptions, 16)
	setDefault(&c.SubscriptionBuffer, 128)
	setDefault(&c.ShutdownTimeout, 5*time.Second)
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
	nextID uint64

	conns atomic.Int64
	wg    sync.WaitGroup
}

// New returns a Server for cfg. It fails when cfg.Token is empty.
func New(cfg Config) (*Server, error) {
	if cfg.Token == "" {
		return nil, errors.New("rpcserver: empty API token")
	}
	cfg.setDefaults()
	return &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		token:   []byte(cfg.Token),
		methods: map[string]method{},
		topics:  map[string]map[string]*wsConn{},
	}, nil
}

// Listen listens on addr, or on DefaultAddr when addr is empty.
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	return net.Listen("tcp", addr)
}

type connLimiterKey struct{}
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
		ConnContext: func(c context.Context, _ net.Conn) context.Context {
			return context.WithValue(c, connLimiterKey{}, s.newLimiter())
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

func (s *Server) newLimiter() *bucket {
	if s.cfg.RateLimit < 0 {
		return nil
	}
	return newBucket(s.cfg.RateLimit, s.cfg.RateBurst, s.cfg.Now)
}
