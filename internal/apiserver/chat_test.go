package apiserver

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
)

// TestChatErrors: each chat error is its own JSON-RPC error; the bus's and
// the wallet's go through their own mapping.
func TestChatErrors(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
	}{
		{fmt.Errorf("%w: no contact named %q", chat.ErrNotFound, "carol"), api.CodeNotFound},
		{fmt.Errorf("%w: only the owner", chat.ErrNotAllowed), api.CodeNotAllowed},
		{fmt.Errorf("%w: a text has 1 to 16384 bytes", chat.ErrInvalid), api.CodeInvalidParams},
		{&chat.DecodeError{Kind: chat.ErrMalformed, Reason: "bad URI"}, api.CodeInvalidParams},
		{chat.ErrClosed, api.CodeNodeUnavailable},
		{fmt.Errorf("%w: x", bus.ErrUnknownAddress), api.CodeInvalidAddress},
		{bus.CheckData(bus.MaxData + 1), api.CodePacketTooLarge},
		{&wallet.InsufficientFundsError{Available: 1, Needed: 2}, api.CodeInsufficientFunds},
		{wallet.ErrLocked, api.CodeLocked},
		{wallet.ErrViewOnly, api.CodeViewOnly},
		{wallet.ErrAccountExists, api.CodeAccountExists},
		{wallet.ErrInvalidAddress, api.CodeInvalidAddress},
	} {
		err := chatError(tt.err)
		re, ok := err.(*rpcserver.Error)
		if !ok || re.Code != tt.code || re.Message == "" {
			t.Errorf("chatError(%v) = %#v, want code %d", tt.err, err, tt.code)
		}
	}
}

// TestChatMethods: the chat.* methods over JSON-RPC, on a test node with
// one wallet holding two identities (demo and bob).
func TestChatMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node")
	}
	n := testnode.Start(t, testnode.Options{BlockInterval: 100 * time.Millisecond})
	src := chainsrc.NewComet(n.Client(), n.ChainID())
	ctx := context.Background()
	var w *wallet.Service
	a := serveAPI(t, func(srv *rpcserver.Server) {
		var err error
		w, err = wallet.Open(wallet.Config{Dir: t.TempDir(), Source: src, Params: &n.Params, KDF: keystore.MinParams(), Poll: 30 * time.Millisecond, Notify: srv.Publish})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = w.Close() })
		b, err := bus.New(bus.Config{Wallet: w, Params: &n.Params, Poll: 50 * time.Millisecond, Notify: srv.Publish})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = b.Close() })
		c, err := chat.New(chat.Config{Wallet: w, Bus: b, Params: &n.Params, Poll: 50 * time.Millisecond, Notify: srv.Publish})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		RegisterWallet(srv, w)
		RegisterChat(srv, c)
	})
	if _, err := w.RecoverAccount(ctx, "demo", genesis.DemoPhrase, "demo"); err != nil {
		t.Fatal(err)
	}
	bob, _, err := w.CreateAccount(ctx, "bob", "bob")
	if err != nil {
		t.Fatal(err)
	}
	chatWait(t, "demo synced", func() error {
		st, err := w.SyncStatus(ctx, "demo")
		if err == nil && !st.Synced {
			err = fmt.Errorf("%+v", st)
		}
		return err
	})
	// Bob needs a coin to send receipts.
	if _, err := w.Send(ctx, wallet.SendRequest{Account: "demo", To: bob.Address, Amount: 10 * ledger.STG}); err != nil {
		t.Fatal(err)
	}

	var inv api.ChatInvite
	a.ok(t, api.MethodChatInvite, map[string]any{"account": "bob", "name": "Bob"}, &inv)
	var ct api.ChatContact
	a.ok(t, api.MethodChatContactsAdd, map[string]any{"account": "demo", "contact": inv.URI}, &ct)
	if ct.Name != "Bob" || ct.Address != bob.Address {
		t.Fatalf("contact %+v", ct)
	}
	var cts []api.ChatContact
	a.ok(t, api.MethodChatContactsList, map[string]any{"account": "demo"}, &cts)
	if len(cts) != 1 {
		t.Fatalf("contacts %+v", cts)
	}
	var sent api.ChatMessage
	chatWait(t, "bob's coin", func() error {
		b, err := w.Balance(ctx, "bob")
		if err == nil && b.Available == 0 {
			err = fmt.Errorf("%+v", b)
		}
		return err
	})
	a.ok(t, api.MethodChatSend, map[string]any{"account": "demo", "to": "Bob", "text": "hello", "displayName": "Demo"}, &sent)
	if sent.Status != api.ChatStatusSent || sent.Contact != "Bob" {
		t.Fatalf("sent %+v", sent)
	}
	chatWait(t, "delivered", func() error {
		var hist []api.ChatMessage
		a.ok(t, api.MethodChatHistory, map[string]any{"account": "demo", "with": "Bob"}, &hist)
		if len(hist) != 1 || hist[0].Status != api.ChatStatusDelivered {
			return fmt.Errorf("history %+v", hist)
		}
		return nil
	})
	var got []api.ChatMessage
	a.ok(t, api.MethodChatHistory, map[string]any{"account": "bob", "with": sent.From}, &got)
	if len(got) != 1 || got[0].Text != "hello" || got[0].FromName != "Demo" || got[0].Status != api.ChatStatusReceived {
		t.Fatalf("bob's history %+v", got)
	}

	// Groups and channels.
	var g api.ChatGroup
	a.ok(t, api.MethodChatGroupsCreate, map[string]any{"account": "demo", "name": "team", "password": "g"}, &g)
	if g.Role != "owner" || g.State != "member" {
		t.Fatalf("group %+v", g)
	}
	var gs []api.ChatGroup
	a.ok(t, api.MethodChatGroupsList, map[string]any{"account": "demo"}, &gs)
	if len(gs) != 1 || gs[0].ID != g.ID {
		t.Fatalf("groups %+v", gs)
	}
	var posted api.ChatMessage
	a.ok(t, api.MethodChatGroupsSend, map[string]any{"account": "demo", "to": "team", "text": "to the group"}, &posted)
	var ch api.ChatChannel
	a.ok(t, api.MethodChatChannelsCreate, map[string]any{"account": "demo", "name": "news", "password": "c"}, &ch)
	a.ok(t, api.MethodChatInvite, map[string]any{"account": "demo", "channel": "news"}, &inv)
	if inv.URI != ch.URI {
		t.Fatalf("invite %q, channel %+v", inv.URI, ch)
	}
	var joined api.ChatChannel
	a.ok(t, api.MethodChatChannelsJoin, map[string]any{"account": "bob", "invite": inv.URI, "password": "r"}, &joined)
	a.ok(t, api.MethodChatChannelsPost, map[string]any{"account": "demo", "to": "news", "text": "news!"}, &posted)
	chatWait(t, "bob reads the channel", func() error {
		var hist []api.ChatMessage
		a.ok(t, api.MethodChatHistory, map[string]any{"account": "bob", "with": "news"}, &hist)
		if len(hist) != 1 || hist[0].Text != "news!" {
			return fmt.Errorf("history %+v", hist)
		}
		return nil
	})
	var chs []api.ChatChannel
	a.ok(t, api.MethodChatChannelsList, map[string]any{"account": "bob"}, &chs)
	if len(chs) != 1 || chs[0].Owned {
		t.Fatalf("bob's channels %+v", chs)
	}

	// Errors.
	a.fails(t, api.MethodChatSend, map[string]any{"account": "demo", "to": "carol", "text": "x"}, api.CodeNotFound, "carol")
	a.fails(t, api.MethodChatSend, map[string]any{"account": "demo", "to": "Bob"}, api.CodeInvalidParams, `"text" is required`)
	a.fails(t, api.MethodChatSend, map[string]any{"account": "demo", "to": "Bob", "text": "x", "replyTo": "zz"}, api.CodeInvalidParams)
	a.fails(t, api.MethodChatContactsAdd, map[string]any{"account": "demo", "contact": "dev1notanaddress"}, api.CodeInvalidAddress)
	a.fails(t, api.MethodChatContactsAdd, map[string]any{"account": "demo", "contact": "stegos:x?bad=1"}, api.CodeInvalidParams, "bad")
	a.fails(t, api.MethodChatGroupsLeave, map[string]any{"account": "demo", "group": "team"}, api.CodeNotAllowed, "owner")
	a.fails(t, api.MethodChatGroupsSend, map[string]any{"account": "bob", "to": "team", "text": "x"}, api.CodeNotFound)
	a.fails(t, api.MethodChatChannelsPost, map[string]any{"account": "bob", "to": "news", "text": "x"}, api.CodeNotAllowed)
	a.fails(t, api.MethodChatGroupsCreate, map[string]any{"account": "demo", "name": "x"}, api.CodeInvalidParams, `"password" is required`)
	a.fails(t, api.MethodChatHistory, map[string]any{"account": "nobody", "with": "x"}, api.CodeAccountNotFound)
	a.ok(t, api.MethodChatContactsRemove, map[string]any{"account": "demo", "contact": "Bob"}, &ct)
}

// chatWait retries fn for at most a minute.
func chatWait(t *testing.T, what string, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	var err error
	for time.Now().Before(deadline) {
		if err = fn(); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %v", what, err)
}
