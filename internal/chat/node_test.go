package chat

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// user is one person: a wallet of their own, its bus and chat, and their
// identity account (funded at genesis with coins outputs).
type user struct {
	name   string
	secret [SecretSize]byte
	w      *wallet.Service
	b      *bus.Service
	c      *Service
	acct   api.Account
	events *events
}

// events records chat events.
type events struct {
	mu  sync.Mutex
	all []api.ChatEvent
}

func (e *events) add(topic string, payload any) {
	if topic != api.TopicChatMessage {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, payload.(api.ChatEvent))
}

func (e *events) count(kind string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.all {
		if ev.Kind == kind {
			n++
		}
	}
	return n
}

// userSecret is the deterministic identity secret of user i.
func userSecret(i int) [SecretSize]byte {
	var s [SecretSize]byte
	for j := range s {
		s[j] = byte(0x40 + i)
	}
	return s
}

// chatNet is a test node whose genesis funds users.
type chatNet struct {
	t    *testing.T
	node *testnode.Node
}

// newChatNet starts a node funding n users with coins outputs each.
func newChatNet(t *testing.T, n, coins int, tune func(*params.Params)) *chatNet {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a node")
	}
	var allocs []genesis.Allocation
	for i := range n {
		k, _, _, err := accountKeys(userSecret(i))
		if err != nil {
			t.Fatal(err)
		}
		allocs = append(allocs, genesis.Allocation{To: k.Address(), Amount: uint64(coins) * 1000 * ledger.STG, Outputs: coins})
	}
	node := testnode.Start(t, testnode.Options{Allocations: allocs, TuneParams: tune, BlockInterval: 100 * time.Millisecond})
	return &chatNet{t: t, node: node}
}

// user opens user i's wallet, bus and chat, with the identity recovered
// and synced.
func (cn *chatNet) user(i int, name string) *user {
	t := cn.t
	t.Helper()
	u := &user{name: name, secret: userSecret(i), events: &events{}}
	var err error
	u.w, err = wallet.Open(wallet.Config{
		Dir: filepath.Join(t.TempDir(), name), Source: chainsrc.NewComet(cn.node.Client(), cn.node.ChainID()),
		Params: &cn.node.Params, KDF: keystore.MinParams(), Poll: 30 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = u.w.Close() })
	u.b, err = bus.New(bus.Config{Wallet: u.w, Params: &cn.node.Params, Verify: wallet.VerifyData, Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = u.b.Close() })
	u.c, err = New(Config{Wallet: u.w, Bus: u.b, Params: &cn.node.Params, Poll: 50 * time.Millisecond, Notify: u.events.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = u.c.Close() })
	_, _, phrase, err := accountKeys(u.secret)
	if err != nil {
		t.Fatal(err)
	}
	if u.acct, err = u.w.RecoverAccount(context.Background(), name, phrase, "pw"); err != nil {
		t.Fatal(err)
	}
	eventually(t, name+" synced", func() error {
		st, err := u.w.SyncStatus(context.Background(), name)
		if err != nil {
			return err
		}
		if !st.Synced || st.ScannedHeight < 2 {
			return fmt.Errorf("not synced: %+v", st)
		}
		return nil
	})
	return u
}

// eventually retries fn until it returns nil, for at most 90 s.
func eventually(t *testing.T, what string, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		if err = fn(); err == nil {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	t.Fatalf("%s: %v", what, err)
}

// waitMessage waits until u's history with with has a message whose text
// is text, and returns it.
func (u *user) waitMessage(t *testing.T, with, text string) api.ChatMessage {
	t.Helper()
	var got api.ChatMessage
	eventually(t, fmt.Sprintf("%s sees %q", u.name, text), func() error {
		ms, err := u.c.History(api.ChatHistoryParams{Account: u.name, With: with})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Text == text {
				got = m
				return nil
			}
		}
		return fmt.Errorf("%d messages, not this one", len(ms))
	})
	return got
}

// waitStatus waits until u's message id with with has status.
func (u *user) waitStatus(t *testing.T, with, id, status string) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s's message %s %s", u.name, id, status), func() error {
		ms, err := u.c.History(api.ChatHistoryParams{Account: u.name, With: with})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.ID == id {
				if m.Status == status {
					return nil
				}
				return fmt.Errorf("status %q", m.Status)
			}
		}
		return fmt.Errorf("no message %s", id)
	})
}

// has reports whether u's history with with has a message with text.
func (u *user) has(t *testing.T, with, text string) bool {
	t.Helper()
	ms, err := u.c.History(api.ChatHistoryParams{Account: u.name, With: with})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Text == text {
			return true
		}
	}
	return false
}

// busText is a bus request carrying a text, signed by the sender.
func busText(t *testing.T, to, app, body string) bus.SendRequest {
	t.Helper()
	data, err := Encode(&Text{ID: MessageID{9, 9, 9}, Seq: 1, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return bus.SendRequest{To: to, App: app, Data: data, Sign: true}
}
