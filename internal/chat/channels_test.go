package chat

import (
	"context"
	"errors"
	"testing"

	"github.com/stegos-go/stegos/api"
)

// TestChannel: the owner posts; a reader joins with the invite and reads
// posts from before and after joining, and its wallet never sends a
// transaction.
func TestChannel(t *testing.T) {
	cn := newChatNet(t, 3, 4, nil)
	owner, reader, other := cn.user(0, "owner"), cn.user(1, "reader"), cn.user(2, "other")
	ctx := context.Background()
	ch, err := owner.c.CreateChannel(ctx, api.ChatChannelCreateParams{Account: "owner", Name: "news", Password: "ch-pw"})
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Owned || ch.Owner != owner.acct.Address || ch.URI == "" {
		t.Fatalf("created %+v", ch)
	}
	inv, err := owner.c.Invite(api.ChatInviteParams{Account: "owner", Channel: "news"})
	if err != nil || inv.URI != ch.URI {
		t.Fatalf("Invite = %+v, %v", inv, err)
	}
	if _, err := owner.c.PostChannel(ctx, api.ChatSendParams{Account: "owner", To: "news", Text: "first post"}); err != nil {
		t.Fatal(err)
	}
	// A packet to the channel from someone else is not shown.
	if _, err := other.b.Send(ctx, busText(t, ch.Address, AppChannel, "spam")); err != nil {
		t.Fatal(err)
	}
	j, err := reader.c.JoinChannel(ctx, api.ChatChannelJoinParams{Account: "reader", Invite: inv.URI, Password: "r-pw"})
	if err != nil {
		t.Fatal(err)
	}
	if j.Owned || j.Name != "news" || j.Owner != owner.acct.Address || j.URI != "" {
		t.Fatalf("joined %+v", j)
	}
	if _, err := owner.c.PostChannel(ctx, api.ChatSendParams{Account: "owner", To: ch.Address, Text: "second post", DisplayName: "The News"}); err != nil {
		t.Fatal(err)
	}
	reader.waitMessage(t, "news", "first post")
	m := reader.waitMessage(t, "news", "second post")
	if m.From != owner.acct.Address || m.FromName != "The News" || m.Seq != 2 {
		t.Fatalf("reader sees %+v", m)
	}
	reader.c.Sync(ctx)
	if reader.has(t, "news", "spam") {
		t.Fatal("the reader shows a post not from the owner")
	}
	// The reader cannot post nor hand out the invite, and sent nothing.
	if _, err := reader.c.PostChannel(ctx, api.ChatSendParams{Account: "reader", To: "news", Text: "x"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("reader posts: %v", err)
	}
	if _, err := reader.c.Invite(api.ChatInviteParams{Account: "reader", Channel: "news"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("reader invites: %v", err)
	}
	for _, a := range reader.w.Accounts() {
		hs, err := reader.w.History(a.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.Direction != "in" {
				t.Fatalf("the reader's account %s has a transaction %+v", a.Name, h)
			}
		}
	}
	// Bad invites.
	for _, bad := range []string{"", "stegos:" + ch.Address, ch.URI[:len(ch.URI)-10]} {
		if _, err := reader.c.JoinChannel(ctx, api.ChatChannelJoinParams{Account: "reader", Invite: bad, Password: "x"}); err == nil {
			t.Errorf("JoinChannel(%q) worked", bad)
		}
	}
	cs, err := reader.c.Channels("reader")
	if err != nil || len(cs) != 1 {
		t.Fatalf("channels %+v, %v", cs, err)
	}
}
