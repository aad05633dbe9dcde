package chat

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/params"
)

// Wallet is what the chat needs of the wallet (implemented by
// *wallet.Service): accounts for identities, groups and channels, the
// view key's Diffie–Hellman for envelopes, and sealed records.
type Wallet interface {
	Account(ref string) (api.Account, error)
	Accounts() []api.Account
	CreateAccount(ctx context.Context, name, password string) (api.Account, string, error)
	RecoverAccount(ctx context.Context, name, phrase, password string) (api.Account, error)
	ImportViewOnly(ctx context.Context, name, address, viewKey, password string) (api.Account, error)
	Unlock(ref, password string) (api.Account, error)
	ParseAddress(text string) (stealth.Address, error)
	Network() stealth.Network
	// ViewDH returns SHA-512(ViewDHTag, tag, a·e)[:32] for the account's
	// secret view scalar a.
	ViewDH(account, tag string, e [32]byte) ([32]byte, error)
	PutRecord(account, ns string, key, value []byte) error
	GetRecord(account, ns string, key []byte) ([]byte, bool, error)
	DeleteRecord(account, ns string, key []byte) error
	ForEachRecord(account, ns string, prefix []byte, fn func(key, value []byte) error) error
}

// Bus is what the chat needs of the message bus (*bus.Service).
type Bus interface {
	Send(ctx context.Context, req bus.SendRequest) (bus.SendResult, error)
	Messages(account, app string, since int64) ([]bus.Packet, error)
	OnPacket(fn func(bus.Packet))
}

var (
	_ Wallet = (*wallet.Service)(nil)
	_ Bus    = (*bus.Service)(nil)
)

// Config configures a Service.
type Config struct {
	Wallet Wallet
	Bus    Bus
	// Params give the retention window after which a text without a
	// receipt is not delivered (the dev chain's when nil).
	Params *params.Params
	// Logger receives the chat's logs; nil discards them. Message
	// contents, names and addresses are never logged.
	Logger *slog.Logger
	// Notify receives chat.message events (api.TopicChatMessage, an
	// api.ChatEvent); nil drops them. It must not block.
	Notify func(topic string, payload any)
	// Poll is how often received packets, queued sends, receipts and
	// delivery deadlines are looked at without a bus callback (500 ms
	// when 0).
	Poll time.Duration
	// Rand is the source of ids, secrets and envelope keys (crypto/rand
	// when nil).
	Rand io.Reader
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// receiptGrace is how many blocks past the retention window a receipt
// may take to come back before a text is declared not delivered. A
// receipt that comes later still marks it delivered.
const receiptGrace = 3

// Service is the chat of one wallet.
type Service struct {
	cfg       Config
	w         Wallet
	b         Bus
	log       *slog.Logger
	retention int64

	// mu serializes every read-modify-write of the chat's records (API
	// calls and the processing of received packets).
	mu sync.Mutex

	stateMu sync.Mutex // guards the following
	closed  bool

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// New starts the chat: it listens to the bus and polls. Call Close to
// stop it.
func New(cfg Config) (*Service, error) {
	if cfg.Wallet == nil || cfg.Bus == nil {
		return nil, errors.New("chat: Config needs a Wallet and a Bus")
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
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{
		cfg: cfg, w: cfg.Wallet, b: cfg.Bus, log: cfg.Logger, retention: 600,
		wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	if cfg.Params != nil && cfg.Params.PayloadRetention > 0 {
		s.retention = cfg.Params.PayloadRetention
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.b.OnPacket(func(p bus.Packet) {
		switch p.App {
		case AppDirect, AppGroup, AppChannel:
			s.poke()
		}
	})
	go s.run(ctx)
	return s, nil
}

// Close stops the chat.
func (s *Service) Close() error {
	s.stateMu.Lock()
	if s.closed {
		s.stateMu.Unlock()
		return nil
	}
	s.closed = true
	s.stateMu.Unlock()
	s.cancel()
	<-s.done
	return nil
}

// isClosed reports whether Close was called.
func (s *Service) isClosed() bool {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.closed
}

// poke wakes the chat's goroutine.
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// run processes until ctx ends: on a bus callback and every Poll.
func (s *Service) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		s.Sync(ctx)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// Sync does one round of the chat's background work for every identity
// whose records are readable: it reads the packets received since the
// last round (1:1, groups, channels), sends queued messages and receipts,
// re-keys groups a member left, and marks texts whose receipt did not
// come within the retention window as not delivered. The Service calls it
// by itself; tests call it to avoid waiting for a poll.
func (s *Service) Sync(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.isClosed() {
		return
	}
	for _, id := range s.identities() {
		if ctx.Err() != nil {
			return
		}
		if err := s.syncIdentity(ctx, id); err != nil && ctx.Err() == nil && !errors.Is(err, wallet.ErrLocked) {
			s.log.Warn("chat: background work failed; retrying at the next poll", "account", id.ID, "err", err)
		}
	}
}

// identities returns the accounts that are chat identities: full accounts
// whose records are readable and that are not group or channel accounts
// of an identity.
func (s *Service) identities() []api.Account {
	accs := s.w.Accounts()
	special := map[string]bool{}
	var readable []api.Account
	for _, a := range accs {
		if a.ViewOnly {
			continue
		}
		err := s.w.ForEachRecord(a.ID, nsGroups, nil, func(_, v []byte) error {
			var g groupRecord
			if decodeJSON(v, &g) == nil {
				special[g.Account] = true
				for _, o := range g.Old {
					special[o.Account] = true
				}
			}
			return nil
		})
		if err != nil {
			continue
		}
		_ = s.w.ForEachRecord(a.ID, nsChannels, nil, func(_, v []byte) error {
			var c channelRecord
			if decodeJSON(v, &c) == nil {
				special[c.Account] = true
			}
			return nil
		})
		readable = append(readable, a)
	}
	out := readable[:0]
	for _, a := range readable {
		if !special[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// syncIdentity does Sync's work for one identity.
func (s *Service) syncIdentity(ctx context.Context, id api.Account) error {
	errs := []error{
		s.receiveDirect(ctx, id),
		s.receiveGroups(ctx, id),
		s.receiveChannels(id),
		s.flushQueue(ctx, id),
		s.flushReceipts(ctx, id),
		s.checkDelivery(id),
	}
	return errors.Join(errs...)
}

// notify publishes a chat.message event.
func (s *Service) notify(ev api.ChatEvent) { s.cfg.Notify(api.TopicChatMessage, ev) }

// identity resolves the chat identity ref (a full account).
func (s *Service) identity(ref string) (api.Account, stealth.Address, error) {
	a, err := s.w.Account(ref)
	if err != nil {
		return a, stealth.Address{}, err
	}
	if a.ViewOnly {
		return a, stealth.Address{}, wallet.ErrViewOnly
	}
	addr, err := s.w.ParseAddress(a.Address)
	return a, addr, err
}

// now is the configured clock.
func (s *Service) now() time.Time { return s.cfg.Now() }
