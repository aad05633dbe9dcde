package wallet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// nodeSource follows a test node across restarts (each call uses the
// running node's client) and can drop broadcasts, the way a node restart
// or a mempool eviction loses a transaction.
type nodeSource struct {
	n    *testnode.Node
	mu   sync.Mutex
	drop atomic.Int32 // broadcasts to swallow
}

func (s *nodeSource) src() *chainsrc.Comet {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n.Node == nil {
		return nil
	}
	return chainsrc.NewComet(s.n.Client(), s.n.ChainID())
}

var errDown = fmt.Errorf("%w: test node stopped", chainsrc.ErrUnavailable)

func (s *nodeSource) ChainID() string { return s.n.ChainID() }
func (s *nodeSource) Tip(ctx context.Context) (int64, error) {
	if c := s.src(); c != nil {
		return c.Tip(ctx)
	}
	return 0, errDown
}
func (s *nodeSource) Genesis(ctx context.Context) (*chainsrc.Block, error) {
	if c := s.src(); c != nil {
		return c.Genesis(ctx)
	}
	return nil, errDown
}
func (s *nodeSource) Block(ctx context.Context, h int64) (*chainsrc.Block, error) {
	if c := s.src(); c != nil {
		return c.Block(ctx, h)
	}
	return nil, errDown
}
func (s *nodeSource) Mempool(ctx context.Context) ([]*ledger.Tx, error) {
	if c := s.src(); c != nil {
		return c.Mempool(ctx)
	}
	return nil, errDown
}
func (s *nodeSource) Broadcast(ctx context.Context, tx *ledger.Tx) error {
	if s.drop.Load() > 0 {
		s.drop.Add(-1)
		return nil
	}
	if c := s.src(); c != nil {
		return c.Broadcast(ctx, tx)
	}
	return errDown
}
func (s *nodeSource) Unspent(ctx context.Context, id ledger.OutputID) (bool, error) {
	if c := s.src(); c != nil {
		return c.Unspent(ctx, id)
	}
	return false, errDown
}
func (s *nodeSource) Validators(ctx context.Context) (*api.Validators, error) {
	return s.src().Validators(ctx)
}

func (s *nodeSource) Tx(ctx context.Context, id ledger.TxID) (*chainsrc.TxInBlock, error) {
	if c := s.src(); c != nil {
		return c.Tx(ctx, id)
	}
	return nil, errDown
}
func (s *nodeSource) Cores(ctx context.Context, after *ledger.OutputID, limit int) ([]chainsrc.Core, int64, error) {
	if c := s.src(); c != nil {
		return c.Cores(ctx, after, limit)
	}
	return nil, 0, errDown
}

func (s *nodeSource) Earliest(ctx context.Context) (int64, error) {
	if c := s.src(); c != nil {
		return c.Earliest(ctx)
	}
	return 0, errDown
}

// Test settings shared by the wallets of these tests.
var (
	minKDF     = keystore.MinParams()
	pollFast   = 30 * time.Millisecond
	demoPhrase = genesis.DemoPhrase
)

// fixture is a test node and a wallet directory.
type fixture struct {
	t      *testing.T
	node   *testnode.Node
	src    *nodeSource
	events *eventLog
}

func newFixture(t *testing.T, opts testnode.Options) *fixture {
	if testing.Short() {
		t.Skip("runs a node")
	}
	n := testnode.Start(t, opts)
	return &fixture{t: t, node: n, src: &nodeSource{n: n}, events: &eventLog{}}
}

// open opens a wallet in dir (relative to a temp dir per name).
func (f *fixture) open(dir string) *Service {
	f.t.Helper()
	w, err := Open(Config{
		Dir: dir, Source: f.src, Params: &f.node.Params, KDF: keystore.MinParams(),
		Poll: 30 * time.Millisecond, Notify: f.events.add, ResubmitAfter: 2,
	})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = w.Close() })
	return w
}

func (f *fixture) dir(name string) string { return filepath.Join(f.t.TempDir(), name) }

// demo opens a wallet with the funded demo account, synced.
func (f *fixture) demo(dir string) *Service {
	f.t.Helper()
	w := f.open(dir)
	if _, err := w.RecoverAccount(context.Background(), "demo", genesis.DemoPhrase, "demo"); err != nil {
		f.t.Fatal(err)
	}
	waitSynced(f.t, w, "demo")
	return w
}

// eventually retries fn until it returns nil, for at most 60 s.
func eventually(t *testing.T, what string, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		if err = fn(); err == nil {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s: %v", what, err)
}

func waitSynced(t *testing.T, w *Service, acct string) {
	t.Helper()
	eventually(t, "sync "+acct, func() error {
		st, err := w.SyncStatus(context.Background(), acct)
		if err != nil {
			return err
		}
		if !st.Synced {
			return fmt.Errorf("not synced: %+v", st)
		}
		return nil
	})
}

func waitBalance(t *testing.T, w *Service, acct string, want func(api.Balance) bool) api.Balance {
	t.Helper()
	var b api.Balance
	eventually(t, "balance of "+acct, func() error {
		var err error
		if b, err = w.Balance(context.Background(), acct); err != nil {
			return err
		}
		if !want(b) {
			return fmt.Errorf("balance %+v", b)
		}
		return nil
	})
	return b
}

// balanceNow returns acct's balance as soon as the wallet answers: a
// wallet a block behind the node says it is syncing instead.
func balanceNow(t *testing.T, w *Service, acct string) api.Balance {
	t.Helper()
	var b api.Balance
	eventually(t, "balance of "+acct, func() error {
		var err error
		b, err = w.Balance(context.Background(), acct)
		var syncing *SyncingError
		if err != nil && !errors.As(err, &syncing) {
			t.Fatalf("balance of %s: %v", acct, err)
		}
		return err
	})
	return b
}

func waitStatus(t *testing.T, w *Service, acct, txid, status string) api.HistoryEntry {
	t.Helper()
	var e api.HistoryEntry
	eventually(t, "status of "+txid, func() error {
		hs, err := w.History(acct, 0, 0)
		if err != nil {
			return err
		}
		for _, h := range hs {
			if h.TxID == txid {
				e = h
				if h.Status == status {
					return nil
				}
				return fmt.Errorf("status %s (%s)", h.Status, h.Reason)
			}
		}
		return errors.New("not in history")
	})
	return e
}

// eventLog records notifications.
type eventLog struct {
	mu     sync.Mutex
	topics map[string][]any
}

func (l *eventLog) add(topic string, payload any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.topics == nil {
		l.topics = map[string][]any{}
	}
	l.topics[topic] = append(l.topics[topic], payload)
}

func (l *eventLog) count(topic string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.topics[topic])
}

func hexOf(b []byte) string { return fmt.Sprintf("%x", b) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
