package chat

import (
	"context"
	"errors"
	"testing"

	"github.com/stegos-go/stegos/api"
)

// TestDirect: two wallets on one node chat 1:1: messages with their order,
// receipts, a reply and an edit, contacts by URI and unsolicited ones.
func TestDirect(t *testing.T) {
	cn := newChatNet(t, 2, 8, nil)
	alice, bob := cn.user(0, "alice"), cn.user(1, "bob")
	ctx := context.Background()

	// Alice adds Bob from his contact URI.
	inv, err := bob.c.Invite(api.ChatInviteParams{Account: "bob", Name: "Bob"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := alice.c.AddContact(api.ChatContactParams{Account: "alice", Contact: inv.URI})
	if err != nil || c.Name != "Bob" || c.Address != bob.acct.Address {
		t.Fatalf("AddContact = %+v, %v", c, err)
	}
	m1, err := alice.c.Send(ctx, api.ChatSendParams{Account: "alice", To: "bob", Text: "hello bob", DisplayName: "Alice"})
	if err != nil {
		t.Fatal(err)
	}
	if m1.Status != api.ChatStatusSent || m1.Seq != 1 || m1.Direction != "out" || m1.Contact != "Bob" {
		t.Fatalf("sent %+v", m1)
	}
	m2, err := alice.c.Send(ctx, api.ChatSendParams{Account: "alice", To: "Bob", Text: "second", DisplayName: "Alice"})
	if err != nil {
		t.Fatal(err)
	}
	got := bob.waitMessage(t, alice.acct.Address, "hello bob")
	if got.Status != api.ChatStatusReceived || got.From != alice.acct.Address || got.FromName != "Alice" || got.Seq != 1 || got.ID != m1.ID {
		t.Fatalf("bob received %+v", got)
	}
	bob.waitMessage(t, alice.acct.Address, "second")
	// Alice is an unsolicited contact of Bob's, with the name she chose.
	cs, err := bob.c.Contacts("bob")
	if err != nil || len(cs) != 1 || !cs[0].Unsolicited || cs[0].PeerName != "Alice" || cs[0].Name != "" {
		t.Fatalf("bob's contacts %+v, %v", cs, err)
	}
	// Receipts come back.
	alice.waitStatus(t, "Bob", m1.ID, api.ChatStatusDelivered)
	alice.waitStatus(t, "Bob", m2.ID, api.ChatStatusDelivered)

	// Bob names Alice and replies; Alice edits her first message.
	if _, err := bob.c.AddContact(api.ChatContactParams{Account: "bob", Contact: alice.acct.Address, Name: "Alice"}); err != nil {
		t.Fatal(err)
	}
	r, err := bob.c.Send(ctx, api.ChatSendParams{Account: "bob", To: "alice", Text: "hi alice", ReplyTo: m1.ID})
	if err != nil {
		t.Fatal(err)
	}
	got = alice.waitMessage(t, "Bob", "hi alice")
	if got.ReplyTo != m1.ID || got.ID != r.ID || got.Seq != 1 {
		t.Fatalf("alice received %+v", got)
	}
	if _, err := alice.c.Send(ctx, api.ChatSendParams{Account: "alice", To: "Bob", Text: "hello, Bob", Edits: m1.ID}); err != nil {
		t.Fatal(err)
	}
	got = bob.waitMessage(t, "Alice", "hello, Bob")
	if got.ID != m1.ID || !got.Edited {
		t.Fatalf("the edit shows as %+v", got)
	}
	// History in order, the edit not listed on its own.
	hist, err := bob.c.History(api.ChatHistoryParams{Account: "bob", With: "Alice"})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range hist {
		texts = append(texts, m.Text)
	}
	if len(texts) != 3 || texts[0] != "hello, Bob" || texts[1] != "second" || texts[2] != "hi alice" {
		t.Fatalf("bob's history %q", texts)
	}
	if n := bob.events.count("message"); n < 3 {
		t.Fatalf("bob got %d message events", n)
	}

	// Errors.
	for _, tt := range []struct {
		p    api.ChatSendParams
		want error
	}{
		{api.ChatSendParams{Account: "alice", To: "carol", Text: "x"}, ErrNotFound},
		{api.ChatSendParams{Account: "alice", To: "Bob", Text: ""}, ErrInvalid},
		{api.ChatSendParams{Account: "alice", To: "Bob", Text: "x", Edits: r.ID}, ErrNotFound},
		{api.ChatSendParams{Account: "alice", To: "Bob", Text: "x", ReplyTo: "zz"}, ErrInvalid},
		{api.ChatSendParams{Account: "alice", To: alice.acct.Address, Text: "x"}, ErrInvalid},
	} {
		if _, err := alice.c.Send(ctx, tt.p); !errors.Is(err, tt.want) {
			t.Errorf("Send(%+v) = %v, want %v", tt.p, err, tt.want)
		}
	}
	if _, err := alice.c.RemoveContact(api.ChatContactParams{Account: "alice", Contact: "Bob"}); err != nil {
		t.Fatal(err)
	}
	if cs, _ := alice.c.Contacts("alice"); len(cs) != 0 {
		t.Fatalf("contacts after remove: %+v", cs)
	}
}
