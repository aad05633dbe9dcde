package client

import (
	"context"

	"github.com/stegos-go/stegos/api"
)

// The message bus (docs/adr/0022-message-bus.md): packets of up to 64 KiB
// between addresses, in outputs that look like payments.

// BusSend calls bus.send: it sends p.Data (at most 65 536 bytes) to p.To
// under the app name p.App, signed with the account's key if p.Sign. A
// packet over 15 outputs (about 7 KB) may come back Pending: the node
// sends the rest of it as the account's coins allow (BusOutbox).
func (c *Client) BusSend(ctx context.Context, p api.BusSendParams) (*api.BusSendResult, error) {
	return call[api.BusSendResult](ctx, c, api.MethodBusSend, p)
}

// BusMessages calls bus.messages: the packets an account received for an
// app (all apps when empty) completed at or above a height, oldest first.
func (c *Client) BusMessages(ctx context.Context, p api.BusMessagesParams) ([]api.BusPacket, error) {
	res, err := call[[]api.BusPacket](ctx, c, api.MethodBusMessages, p)
	if err != nil {
		return nil, err
	}
	return *res, nil
}

// BusOutbox calls bus.outbox: the packets an account is still sending.
func (c *Client) BusOutbox(ctx context.Context, account string) ([]api.BusOutboxEntry, error) {
	res, err := call[[]api.BusOutboxEntry](ctx, c, api.MethodBusOutbox, api.BusOutboxParams{Account: account})
	if err != nil {
		return nil, err
	}
	return *res, nil
}

// SubscribeBus subscribes to api.TopicBusPacket and delivers the packets
// of app (of every app when empty): the node sends every app's packets of
// every unlocked account, and the subscription keeps app's. Incomplete
// packets whose app is unknown (their first fragment is missing) are
// delivered for every app.
func (c *Client) SubscribeBus(ctx context.Context, app string) (*Subscription[api.BusPacket], error) {
	return subscribeFiltered(ctx, c, api.TopicBusPacket, func(p api.BusPacket) bool {
		return app == "" || p.App == app || (!p.Complete && p.App == "")
	})
}
