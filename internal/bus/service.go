package bus

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/params"
)

// Record namespaces of the bus in the wallet.
const (
	// nsOutbox holds the packets still being sent, by packet id.
	nsOutbox = "bus.outbox"
	// nsSeq holds the next sequence number of each app, by app name.
	nsSeq = "bus.seq"
	// nsSeen marks the received packets already published or dropped, by
	// packet id.
	nsSeen = "bus.seen"
)

// Config configures a Service.
type Config struct {
	// Wallet sends and records data outputs and keeps the bus's records.
	Wallet Wallet
	// Logger receives the bus's logs; nil discards them. Packet contents
	// are never logged.
	Logger *slog.Logger
	// Notify receives a bus.packet event (api.TopicBusPacket, an
	// api.BusPacket) for every packet received; nil drops them. It must
	// not block.
	Notify func(topic string, payload any)
	// Poll is how often the outbox is retried and received packets are
	// looked for without a wallet callback (500 ms when 0).
	Poll time.Duration
	// Params, if set, give the fees checked before a packet of several
	// transactions is sent, and the retention window after which a packet
	// missing fragments is reported incomplete.
	Params *params.Params
	// Verify checks packet signatures (wallet.VerifyData when nil).
	Verify VerifyFunc
	// Rand is the source of packet ids (crypto/rand when nil).
	Rand io.Reader
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// defaultRetention is the retention window assumed without Params: the dev
// chain's.
const defaultRetention = 600

// Service is the bus of one wallet: Send, Messages, Outbox, and the
// publication of received packets.
type Service struct {
	cfg       Config
	w         Wallet
	log       *slog.Logger
	retention int64

	// seqMu serializes the read-increment-write of sequence records.
	seqMu sync.Mutex
	// sendMu serializes sending from the outbox, so a group of fragments
	// is never sent twice at once. Taken before mu.
	sendMu sync.Mutex

	mu       sync.Mutex // guards the following
	closed   bool
	dirty    map[string]bool // accounts with new data outputs
	handlers []func(Packet)

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// New starts the bus: it registers as the wallet's data handler and polls
// the outbox. Call Close to stop it.
func New(cfg Config) (*Service, error) {
	if cfg.Wallet == nil {
		return nil, errors.New("bus: Config needs a Wallet")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Notify == nil {
		cfg.Notify = func(string, any) {}
	}
	if cfg.Poll == 0 {
		cfg.Poll = 500 * time.Millisecond
	}
	if cfg.Verify == nil {
		cfg.Verify = defaultVerify
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{
		cfg: cfg, w: cfg.Wallet, log: cfg.Logger, retention: defaultRetention,
		dirty: map[string]bool{}, wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	if cfg.Params != nil && cfg.Params.PayloadRetention > 0 {
		s.retention = cfg.Params.PayloadRetention
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.w.SetDataHandler(s.onData)
	go s.run(ctx)
	return s, nil
}

// Close stops the bus. Packets in the outbox stay there and are sent by
// the next Service on the same wallet.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.w.SetDataHandler(func(string, []DataOutput) {})
	s.cancel()
	<-s.done
	return nil
}

// OnPacket adds fn to the functions called with every packet received
// (complete, or reported incomplete), in the bus's goroutine, after the
// bus.packet notification. fn must not block for long.
func (s *Service) OnPacket(fn func(Packet)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers = append(s.handlers, fn)
}

// onData is the wallet's data handler: it marks the account for the bus's
// goroutine, which reads the records, so the wallet's scanner never waits
// for the bus.
func (s *Service) onData(account string, _ []DataOutput) {
	s.mu.Lock()
	s.dirty[account] = true
	s.mu.Unlock()
	s.poke()
}

// poke wakes the bus's goroutine.
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// fullEvery is how many polls pass between two reads of every account's
// data outputs (10 s at the default Poll): they find the packets that
// became incomplete, and those of accounts unlocked since.
const fullEvery = 20

// run receives and sends until ctx ends: an account's packets on a wallet
// callback, the outbox every Poll, every account's packets every fullEvery
// polls.
func (s *Service) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	// Every account is looked at once at start: packets that arrived
	// while no bus ran are published, the outbox resumes.
	all, outbox, polls := true, true, 0
	for {
		s.step(ctx, all, outbox)
		all, outbox = false, false
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
			polls++
			all, outbox = polls%fullEvery == 0, true
		}
	}
}

// step receives the packets of the accounts with new data (of every
// account if all) and, if outbox, sends what it can from the outbox.
func (s *Service) step(ctx context.Context, all, outbox bool) {
	s.mu.Lock()
	dirty := s.dirty
	s.dirty = map[string]bool{}
	s.mu.Unlock()
	if all {
		for _, a := range s.w.Accounts() {
			dirty[a.ID] = true
		}
	}
	for acct := range dirty {
		if ctx.Err() != nil {
			return
		}
		err := s.receive(acct)
		switch {
		case err == nil, ctx.Err() != nil:
		case errors.Is(err, wallet.ErrLocked):
			// Sealed until unlocked: its packets wait in the wallet.
		default:
			s.log.Warn("bus: reading received packets failed; retrying at the next poll", "account", acct, "err", err)
		}
	}
	if outbox {
		s.resumeOutbox(ctx)
	}
}

// isClosed reports whether Close was called.
func (s *Service) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}
