package client

import (
	"testing"

	"github.com/stegos-go/stegos/api"
)

// TestSubscribeBus: the subscription keeps its app's packets and the
// incomplete ones whose app is unknown.
func TestSubscribeBus(t *testing.T) {
	t.Parallel()
	ts := startServer(t, nil)
	c := newClient(t, ts)
	ping, err := c.SubscribeBus(t.Context(), "ping")
	if err != nil {
		t.Fatal(err)
	}
	defer ping.Close()
	all, err := c.SubscribeBus(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()

	ts.Publish(api.TopicBusPacket, api.BusPacket{PacketID: "1", App: "chat", Data: []byte("x"), Complete: true})
	ts.Publish(api.TopicBusPacket, api.BusPacket{PacketID: "2", App: "ping", Data: []byte("ping"), Complete: true})
	ts.Publish(api.TopicBusPacket, api.BusPacket{PacketID: "3", Received: 2, Count: 3})
	for _, want := range []string{"2", "3"} {
		if got := next(t, ping); got.PacketID != want {
			t.Fatalf("ping subscription: packet %s, want %s", got.PacketID, want)
		}
	}
	for _, want := range []string{"1", "2", "3"} {
		if got := next(t, all); got.PacketID != want {
			t.Fatalf("subscription of every app: packet %s, want %s", got.PacketID, want)
		}
	}
}
