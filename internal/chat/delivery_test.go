package chat

import (
	"context"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/params"
)

// TestNotDelivered: with a 20-block retention window, a text to someone
// whose wallet is offline for the whole window is marked not delivered,
// and the recipient who comes back later finds nothing; a text to someone
// online is delivered.
func TestNotDelivered(t *testing.T) {
	cn := newChatNet(t, 3, 4, func(p *params.Params) { p.PayloadRetention = 20 })
	alice, carol := cn.user(0, "alice"), cn.user(2, "carol")
	ctx := context.Background()
	k, _, _, err := accountKeys(userSecret(1))
	if err != nil {
		t.Fatal(err)
	}
	bobAddr := k.Address().String(alice.w.Network())
	lost, err := alice.c.Send(ctx, api.ChatSendParams{Account: "alice", To: bobAddr, Text: "are you there?"})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := alice.c.Send(ctx, api.ChatSendParams{Account: "alice", To: carol.acct.Address, Text: "hi carol"})
	if err != nil {
		t.Fatal(err)
	}
	alice.waitStatus(t, carol.acct.Address, ok.ID, api.ChatStatusDelivered)
	alice.waitStatus(t, bobAddr, lost.ID, api.ChatStatusNotDelivered)
	if h := alice.w.Accounts()[0].ScannedHeight; h <= lost.Height+20 {
		t.Fatalf("not delivered at height %d, sent at %d", h, lost.Height)
	}
	if alice.events.count("status") < 2 {
		t.Fatal("no status events")
	}
	// Bob comes back after the window: the message is gone.
	bob := cn.user(1, "bob")
	bob.c.Sync(ctx)
	if ms, err := bob.c.History(api.ChatHistoryParams{Account: "bob", With: alice.acct.Address}); err == nil && len(ms) != 0 {
		t.Fatalf("bob reads %+v after the window", ms)
	}
}
