package client

import (
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// The chat values TestMethods answers with.
var (
	chatContact = api.ChatContact{Address: "stg1bob", Name: "bob", PeerName: "Bob", Added: when, URI: "stegos:stg1bob?name=bob"}
	chatMessage = api.ChatMessage{
		ID: "m", Conversation: "contact:stg1bob", Direction: "out", From: "stg1alice", Contact: "bob", Seq: 3, Text: "hi",
		ReplyTo: "r", Status: api.ChatStatusSent, Time: when, Height: 9, TxIDs: []string{"t"},
	}
	chatGroup = api.ChatGroup{
		ID: "g", Name: "friends", State: "member", Role: "owner", Epoch: 1, Address: "stg1group", Account: "0123",
		Members: []api.ChatMember{{Address: "stg1alice", Role: "owner"}, {Address: "stg1bob", Role: "admin", Contact: "bob"}},
	}
	chatChannel = api.ChatChannel{Address: "stg1news", Name: "news", Owner: "stg1alice", Owned: true, Account: "4567", URI: "stegos:c"}
)

// TestSubscribeChat: the subscription keeps one account's events (every
// account's when the filter is empty) and decodes every kind.
func TestSubscribeChat(t *testing.T) {
	t.Parallel()
	ts := startServerConfig(t, rpcserver.Config{Topics: []string{api.TopicChatMessage}}, nil)
	c := newClient(t, ts)
	alice, err := c.SubscribeChat(t.Context(), "a11ce")
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()
	all, err := c.SubscribeChat(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()

	ts.Publish(api.TopicChatMessage, api.ChatEvent{Account: "b0b", Kind: "message", Message: &chatMessage})
	ts.Publish(api.TopicChatMessage, api.ChatEvent{Account: "a11ce", Kind: "status", Message: &chatMessage})
	ts.Publish(api.TopicChatMessage, api.ChatEvent{Account: "a11ce", Kind: "invite", Group: &chatGroup})
	for _, want := range []string{"status", "invite"} {
		got := next(t, alice)
		if got.Account != "a11ce" || got.Kind != want {
			t.Fatalf("alice's subscription: %+v, want kind %s", got, want)
		}
		if want == "status" && (got.Message == nil || got.Message.Status != api.ChatStatusSent || got.Message.TxIDs[0] != "t") {
			t.Fatalf("status event's message %+v", got.Message)
		}
		if want == "invite" && (got.Group == nil || len(got.Group.Members) != 2 || got.Group.Members[1].Contact != "bob") {
			t.Fatalf("invite event's group %+v", got.Group)
		}
	}
	for _, want := range []string{"b0b", "a11ce", "a11ce"} {
		if got := next(t, all); got.Account != want {
			t.Fatalf("subscription of every account: event of %s, want %s", got.Account, want)
		}
	}
}
