package wallet

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/params"
)

// Config configures a Service.
type Config struct {
	// Dir holds the wallet: db/ (pebble), keys/ (one keystore file per
	// account) and trash/ (deleted accounts).
	Dir string
	// Source is the node the wallet follows and sends through.
	Source chainsrc.Source
	// Params are the chain's parameters.
	Params *params.Params
	// Logger receives the wallet's logs; nil discards them. Secrets are
	// never logged.
	Logger *slog.Logger
	// Notify receives events for API subscribers (topic, payload); nil
	// drops them. It must not block.
	Notify func(topic string, payload any)
	// KDF are the argon2id parameters of new key files
	// (keystore.DefaultParams when zero).
	KDF keystore.Params
	// Poll is how often the scanner looks for new blocks (200 ms when 0).
	Poll time.Duration
	// Rand is the randomness source (crypto/rand when nil).
	Rand io.Reader
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// MaxAttempts is how many times a transaction the node dropped is
	// submitted before it is declared failed (5 when 0).
	MaxAttempts int
	// ResubmitAfter is how many blocks a pending transaction may be absent
	// from the mempool before it is resubmitted (3 when 0).
	ResubmitAfter int64
}

// Service is the wallet: accounts, scanning, sending.
type Service struct {
	cfg  Config
	log  *slog.Logger
	db   *recordStore
	net  stealth.Network
	keys string // directory of key files

	// keyFileMu serializes the read-modify-write of key files (adding a
	// record key, changing the password, deleting), so none undoes
	// another. Taken before mu.
	keyFileMu sync.Mutex

	mu       sync.Mutex // guards the following and all database writes
	accounts map[string]*account
	closed   bool
	tip      int64 // latest chain height the scanner saw

	// dataFn is the data handler (SetDataHandler).
	dataFn atomic.Pointer[func(account string, outs []DataOutput)]

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// account is an account's record and, once unlocked, its keys.
type account struct {
	rec accountRecord
	// sec is nil until the first unlock since the service started; after
	// that the view key stays so the account keeps scanning.
	sec *secrets
	// anchored is set once the last scanned block was found on the node.
	anchored bool
	// unlocked means the spend key may be used.
	unlocked bool
	// state and reason describe scanning (api.SyncStatus).
	state, reason string
	// mempool is what unconfirmed transactions pay this account, by tx id.
	mempool map[string]uint64
	// legacy marks records still in clear, as written before ADR 0017:
	// the first unlock seals them.
	legacy bool
	// sweptAt is the number of zero-value outputs the last automatic
	// consolidation was tried with (autoSweep), so a failing one is not
	// retried every poll.
	sweptAt int
	// newData are the data outputs recorded since the scanner last
	// handed them to the data handler (takeData).
	newData []DataOutput
}

// sealed reports whether the account's record is still sealed: locked
// since the service started, only its id, name and order are known.
func (a *account) sealed() bool { return a.sec == nil && !a.legacy }

// Open opens (creating if needed) the wallet in cfg.Dir and starts the
// scanner. Call Close to stop it.
func Open(cfg Config) (*Service, error) {
	if cfg.Source == nil || cfg.Params == nil {
		return nil, errors.New("wallet: Config needs a Source and Params")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Notify == nil {
		cfg.Notify = func(string, any) {}
	}
	if cfg.KDF == (keystore.Params{}) {
		cfg.KDF = keystore.DefaultParams()
	}
	if cfg.Poll == 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.ResubmitAfter == 0 {
		cfg.ResubmitAfter = 3
	}
	for _, d := range []string{cfg.Dir, filepath.Join(cfg.Dir, "keys"), filepath.Join(cfg.Dir, "trash")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("wallet: %w", err)
		}
	}
	dbDir := filepath.Join(cfg.Dir, "db")
	if err := finishMigration(dbDir, cfg.Logger); err != nil {
		return nil, err
	}
	db, err := store.Open(dbDir, &store.Options{Logger: cfg.Logger.With("module", "walletdb")})
	if err != nil {
		return nil, fmt.Errorf("wallet: open database: %w", err)
	}
	s := &Service{
		cfg: cfg, log: cfg.Logger, db: &recordStore{db: db, ring: newKeyring()}, net: stealth.Network(cfg.Params.Network),
		keys: filepath.Join(cfg.Dir, "keys"), accounts: map[string]*account{},
		wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	loaded, err := loadAccounts(db)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	for _, l := range loaded {
		a := &account{rec: l.rec, state: "locked", reason: "unlock the account to resume scanning", mempool: map[string]uint64{}}
		if l.header.Format == 0 {
			a.legacy = true
			s.db.ring.put(a.rec.ID, plainCodec)
		}
		s.accounts[a.rec.ID] = a
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx)
	return s, nil
}

// Close stops the scanner and closes the database.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.sec != nil {
			a.sec.zero()
		}
	}
	s.db.ring.dropAll()
	return s.db.db.Close()
}

// Network returns the address network of the wallet's chain.
func (s *Service) Network() stealth.Network { return s.net }

// poke wakes the scanner.
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// sorted returns the accounts in creation order. s.mu must be held.
func (s *Service) sorted() []*account {
	out := make([]*account, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *account) int { return int(a.rec.Seq) - int(b.rec.Seq) })
	return out
}

// lookup finds an account by name or id; "" is the first. s.mu must be held.
func (s *Service) lookup(ref string) (*account, error) {
	if s.closed {
		return nil, ErrClosed
	}
	if ref == "" {
		accs := s.sorted()
		if len(accs) == 0 {
			return nil, fmt.Errorf("%w: the wallet has no accounts yet (create one with wallet.createAccount)", ErrAccountNotFound)
		}
		return accs[0], nil
	}
	if a, ok := s.accounts[ref]; ok {
		return a, nil
	}
	for _, a := range s.accounts {
		if a.rec.Name == ref {
			return a, nil
		}
	}
	// Names are kept in NFKC form: "ｂｏｂ" finds "bob".
	if n := norm.NFKC.String(ref); n != ref {
		for _, a := range s.accounts {
			if a.rec.Name == n {
				return a, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrAccountNotFound, ref)
}
