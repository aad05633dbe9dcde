package integration

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// The people of the bus and chat tests (observer_test.go, chat_test.go):
// each has a wallet of their own following one node, the bus and the chat
// on it as stegosd wires them (wallet → bus → chat), and one identity
// account recovered from a deterministic phrase and funded at genesis.

// personPassword unlocks every account of these tests.
const personPassword = "pw"

// personSecret is the BIP-39 entropy of person i's identity.
func personSecret(i int) [32]byte {
	var s [32]byte
	for j := range s {
		s[j] = byte(0x60 + i)
	}
	return s
}

// personKeys returns person i's recovery phrase and keys: account 0 of the
// phrase, as wallet.RecoverAccount derives it.
func personKeys(t testing.TB, i int) (string, *stealth.Keys) {
	t.Helper()
	secret := personSecret(i)
	m, err := keys.MnemonicFromEntropy(secret[:])
	if err != nil {
		t.Fatal(err)
	}
	defer m.Zero()
	seed := m.Seed("")
	defer seed.Zero()
	acc := seed.Account(0)
	defer acc.Zero()
	k, err := stealth.NewKeys(acc.View, acc.Spend)
	if err != nil {
		t.Fatal(err)
	}
	return m.Phrase(), k
}

// personAllocs funds persons 0..n-1 with coins outputs of 1000 STG each.
func personAllocs(t testing.TB, n, coins int) []genesis.Allocation {
	t.Helper()
	var out []genesis.Allocation
	for i := range n {
		_, k := personKeys(t, i)
		out = append(out, genesis.Allocation{To: k.Address(), Amount: uint64(coins) * 1000 * ledger.STG, Outputs: coins})
	}
	return out
}

// timedEvent is a notification and when it arrived.
type timedEvent[T any] struct {
	at time.Time
	ev T
}

// inbox records notifications of one topic.
type inbox[T any] struct {
	topic string
	mu    sync.Mutex
	all   []timedEvent[T]
}

func (b *inbox[T]) notify(topic string, payload any) {
	if topic != b.topic {
		return
	}
	ev, ok := payload.(T)
	if !ok {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.all = append(b.all, timedEvent[T]{time.Now(), ev})
}

// find returns the first event matching ok and when it arrived.
func (b *inbox[T]) find(ok func(T) bool) (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.all {
		if ok(e.ev) {
			return e.at, true
		}
	}
	return time.Time{}, false
}

// person is one user of the bus and chat tests.
type person struct {
	t      *testing.T
	name   string
	index  int
	phrase string
	keys   *stealth.Keys
	dir    string
	src    func() chainsrc.Source
	p      *params.Params
	poll   time.Duration

	// Set while online (open); nil while offline.
	w *wallet.Service
	b *bus.Service
	c *chat.Service

	acct    api.Account
	chatEvs *inbox[api.ChatEvent]
	busEvs  *inbox[api.BusPacket]
}

// newPerson opens person index's wallet (name is the identity account's
// name) following src, with the bus and the chat. poll is the wallet's,
// bus's and chat's poll interval (their defaults, as in stegosd, when 0).
func newPerson(t *testing.T, index int, name string, p *params.Params, poll time.Duration, src func() chainsrc.Source) *person {
	t.Helper()
	phrase, k := personKeys(t, index)
	u := &person{
		t: t, name: name, index: index, phrase: phrase, keys: k, dir: filepath.Join(t.TempDir(), name),
		src: src, p: p, poll: poll,
		chatEvs: &inbox[api.ChatEvent]{topic: api.TopicChatMessage},
		busEvs:  &inbox[api.BusPacket]{topic: api.TopicBusPacket},
	}
	u.open()
	t.Cleanup(u.close)
	return u
}

// open starts the wallet, bus and chat on the person's wallet directory,
// recovering the identity the first time and unlocking it after, and
// waits until the identity has scanned to the tip.
func (u *person) open() {
	t := u.t
	t.Helper()
	var err error
	u.w, err = wallet.Open(wallet.Config{
		Dir: u.dir, Source: u.src(), Params: u.p, KDF: keystore.MinParams(), Poll: u.poll,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := u.w.Account(u.name); err != nil {
		if u.acct, err = u.w.RecoverAccount(ctx, u.name, u.phrase, personPassword); err != nil {
			t.Fatal(err)
		}
	} else {
		// After a restart every account is sealed until unlocked; the chat
		// unlocks its group accounts itself with the passwords it keeps.
		if u.acct, err = u.w.Unlock(u.name, personPassword); err != nil {
			t.Fatal(err)
		}
	}
	u.b, err = bus.New(bus.Config{Wallet: u.w, Params: u.p, Poll: u.poll, Notify: u.busEvs.notify})
	if err != nil {
		t.Fatal(err)
	}
	u.c, err = chat.New(chat.Config{Wallet: u.w, Bus: u.b, Params: u.p, Poll: u.poll, Notify: u.chatEvs.notify})
	if err != nil {
		t.Fatal(err)
	}
	u.waitSynced()
}

// waitSynced waits until the identity has scanned to the tip.
func (u *person) waitSynced() {
	u.t.Helper()
	eventuallyWithin(u.t, 90*time.Second, u.name+" synced", func() error {
		st, err := u.w.SyncStatus(context.Background(), u.name)
		if err != nil {
			return err
		}
		if !st.Synced || st.ScannedHeight < 2 {
			return fmt.Errorf("not synced: %+v", st)
		}
		return nil
	})
}

// close stops the chat, the bus and the wallet (the person goes offline);
// open brings them back on the same wallet directory.
func (u *person) close() {
	if u.w == nil {
		return
	}
	_ = u.c.Close()
	_ = u.b.Close()
	_ = u.w.Close()
	u.w, u.b, u.c = nil, nil, nil
}

// syncReport describes how far each account of the wallet has scanned.
func (u *person) syncReport() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s's accounts:", u.name)
	for _, a := range u.w.Accounts() {
		st, err := u.w.SyncStatus(context.Background(), a.ID)
		fmt.Fprintf(&b, " [%s: %+v %v]", a.Name, st, err)
	}
	return b.String()
}

// address is the identity's address.
func (u *person) address() string { return u.acct.Address }

// eventuallyWithin retries fn every 50 ms until it returns nil or d has
// passed.
func eventuallyWithin(t *testing.T, d time.Duration, what string, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	var err error
	for {
		if err = fn(); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// history returns the person's conversation with with (none when with is
// no contact, group or channel of the person's).
func (u *person) history(with string) []api.ChatMessage {
	u.t.Helper()
	ms, err := u.c.History(api.ChatHistoryParams{Account: u.name, With: with, Limit: 1000})
	if errors.Is(err, chat.ErrNotFound) {
		return nil
	}
	if err != nil {
		u.t.Fatalf("%s: history with %s: %v", u.name, with, err)
	}
	return ms
}

// hasText reports whether the conversation with with holds a message text.
func (u *person) hasText(with, text string) bool {
	u.t.Helper()
	for _, m := range u.history(with) {
		if m.Text == text {
			return true
		}
	}
	return false
}

// waitText waits up to d until the conversation with with holds text.
func (u *person) waitText(d time.Duration, with, text string) api.ChatMessage {
	u.t.Helper()
	var got api.ChatMessage
	eventuallyWithin(u.t, d, fmt.Sprintf("%s reads %q", u.name, text), func() error {
		ms := u.history(with)
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

// waitStatus waits up to d until the person's message id to with has
// status.
func (u *person) waitStatus(d time.Duration, with, id, status string) {
	u.t.Helper()
	eventuallyWithin(u.t, d, fmt.Sprintf("%s's message %s %s", u.name, id, status), func() error {
		for _, m := range u.history(with) {
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

// group returns the person's record of group id.
func (u *person) group(id string) (api.ChatGroup, bool) {
	u.t.Helper()
	gs, err := u.c.Groups(u.name)
	if err != nil {
		u.t.Fatalf("%s: groups: %v", u.name, err)
	}
	for _, g := range gs {
		if g.ID == id {
			return g, true
		}
	}
	return api.ChatGroup{}, false
}

// waitGroup waits up to d until the person's group id satisfies ok.
func (u *person) waitGroup(d time.Duration, id, what string, ok func(api.ChatGroup) bool) api.ChatGroup {
	u.t.Helper()
	var g api.ChatGroup
	eventuallyWithin(u.t, d, u.name+": "+what, func() error {
		var found bool
		if g, found = u.group(id); !found || !ok(g) {
			return fmt.Errorf("group %+v (found %v); %s", g, found, u.syncReport())
		}
		return nil
	})
	return g
}

// joinGroup waits for the person's invitation to group id and accepts it.
func (u *person) joinGroup(d time.Duration, id string) api.ChatGroup {
	u.t.Helper()
	u.waitGroup(d, id, "invited", func(g api.ChatGroup) bool { return g.State == "invited" })
	g, err := u.c.JoinGroup(context.Background(), api.ChatGroupParams{Account: u.name, Group: id, Password: personPassword})
	if err != nil {
		u.t.Fatalf("%s joins %s: %v", u.name, id, err)
	}
	return g
}

// retryBusy calls fn until it returns something else than an error a
// client waits out: the wallet a block or two behind the tip
// (*wallet.SyncingError) or every coin in a pending transaction
// (*wallet.InsufficientFundsError with funds pending), for at most d.
func retryBusy(t *testing.T, d time.Duration, fn func() error) error {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := fn()
		var syncing *wallet.SyncingError
		var funds *wallet.InsufficientFundsError
		busy := errors.As(err, &syncing) || (errors.As(err, &funds) && funds.Pending > 0)
		if !busy || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}
