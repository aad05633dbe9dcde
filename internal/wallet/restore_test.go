package wallet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/testnode"
)

// restoredSource shows the wallet a node restored from an older snapshot:
// while cap is set, the node's tip is cap and later blocks do not exist;
// fork makes every block hash differ, as on another chain.
type restoredSource struct {
	*nodeSource
	cap  atomic.Int64
	fork atomic.Bool
}

func (r *restoredSource) Tip(ctx context.Context) (int64, error) {
	h, err := r.nodeSource.Tip(ctx)
	if c := r.cap.Load(); c > 0 && err == nil {
		h = min(h, c)
	}
	return h, err
}

func (r *restoredSource) Block(ctx context.Context, h int64) (*chainsrc.Block, error) {
	if c := r.cap.Load(); c > 0 && h > c {
		return nil, fmt.Errorf("%w: block %d", chainsrc.ErrNotFound, h)
	}
	b, err := r.nodeSource.Block(ctx, h)
	if err == nil && r.fork.Load() {
		c := *b
		c.Hash = append([]byte{^b.Hash[0]}, b.Hash[1:]...) // differs always (a fixed byte would match 1 block in 256)
		return &c, nil
	}
	return b, err
}

// TestNodeRestoredFromSnapshot restarts a wallet against a node that is
// behind it (restored from an older snapshot): the wallet waits, refuses
// to report a balance as final, loses nothing, and resumes when the node
// has caught up. Against a node on another chain it stops scanning.
func TestNodeRestoredFromSnapshot(t *testing.T) {
	f := newFixture(t, testnode.Options{})
	rs := &restoredSource{nodeSource: f.src}
	f.src = nil
	dir := f.dir("w")
	open := func() *Service {
		t.Helper()
		w, err := Open(Config{Dir: dir, Source: rs, Params: &f.node.Params, KDF: minKDF, Poll: pollFast})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = w.Close() })
		return w
	}
	w := open()
	ctx := context.Background()
	if _, err := w.RecoverAccount(ctx, "demo", demoPhrase, "demo"); err != nil {
		t.Fatal(err)
	}
	f.node.WaitForHeight(5)
	waitSynced(t, w, "demo")
	before, err := w.Balance(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// The node comes back two blocks behind the wallet.
	if before.ScannedHeight < 4 {
		t.Fatalf("scanned only to %d", before.ScannedHeight)
	}
	rs.cap.Store(before.ScannedHeight - 2)
	w = open()
	if _, err := w.Unlock("demo", "demo"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the wallet notices the node is behind", func() error {
		st, err := w.SyncStatus(ctx, "demo")
		if err != nil {
			return err
		}
		if st.State != stateWaiting || !strings.Contains(st.Reason, "snapshot") {
			return fmt.Errorf("status %+v", st)
		}
		return nil
	})
	var syncing *SyncingError
	if _, err := w.Balance(ctx, "demo"); !errors.As(err, &syncing) {
		t.Fatalf("balance while the node is behind: %v", err)
	}

	// The node catches up: the wallet resumes with nothing lost.
	rs.cap.Store(0)
	waitSynced(t, w, "demo")
	after := waitBalance(t, w, "demo", func(api.Balance) bool { return true })
	if after.Available != before.Available {
		t.Fatalf("after the restore demo has %+v, had %+v", after, before)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// A node on another chain: the account stops scanning, says why.
	rs.fork.Store(true)
	w = open()
	if _, err := w.Unlock("demo", "demo"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the wallet refuses another chain", func() error {
		st, _ := w.SyncStatus(ctx, "demo")
		if st.State != stateWaiting || !strings.Contains(st.Reason, "another chain") {
			return fmt.Errorf("status %+v", st)
		}
		return nil
	})
	if h, _ := w.History("demo", 0, 0); len(h) != 1 {
		t.Fatalf("history changed on another chain: %+v", h)
	}
}
