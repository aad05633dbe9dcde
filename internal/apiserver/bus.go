package apiserver

import (
	"context"
	"errors"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// busService is what the bus.* methods need of *bus.Service.
type busService interface {
	Send(ctx context.Context, req bus.SendRequest) (bus.SendResult, error)
	Messages(account, app string, since int64) ([]bus.Packet, error)
	Outbox(account string) ([]api.BusOutboxEntry, error)
}

// RegisterBus registers bus.send, bus.messages and bus.outbox of b on srv.
// The bus.packet topic is published by the bus itself (bus.Config.Notify).
func RegisterBus(srv *rpcserver.Server, b busService) {
	srv.Register(api.MethodBusSend, handle(func(ctx context.Context, p *api.BusSendParams) (api.BusSendResult, error) {
		if err := required("to", p.To, "app", p.App); err != nil {
			return api.BusSendResult{}, err
		}
		r, err := b.Send(ctx, bus.SendRequest{Account: p.Account, To: p.To, App: p.App, Data: p.Data, Sign: p.Sign})
		if err != nil {
			return api.BusSendResult{}, busError(err)
		}
		return api.BusSendResult{PacketID: r.PacketID, TxIDs: r.TxIDs, Fragments: r.Fragments, Pending: r.Pending}, nil
	}), rpcserver.MethodSpec{
		Summary: "Sends a packet of data to an address over the message bus",
		Description: "The packet travels in zero-value outputs that look exactly like payments, 472 bytes of packet per output; the app name, the sender (with sign) and the fragmentation are sealed inside (docs/adr/0022-message-bus.md). " +
			"A packet of up to 15 outputs (about 7 KB) goes in one transaction or not at all. A larger one is recorded in the wallet's outbox and its transactions are sent as the account's coins allow: " +
			"each needs a coin, and the change of one pays the next once it confirms, so `pending` may be true and `bus.outbox` shows the progress; the outbox resumes after a restart. " +
			"Everything is checked before anything is sent: the address, the size, the app name, that the account is unlocked, and that its funds cover the fees of all the packet's transactions. " +
			"Each transaction pays the minimum fee; the zero-value outputs are swept by the recipient's wallet later.",
		Params: paramsOf(api.BusSendParams{}, accountDocBus("sends")),
		Result: result("result", api.BusSendResult{}),
		Errors: errs(api.CodeInvalidAddress, api.CodePacketTooLarge, api.CodeInvalidApp, api.CodeInsufficientFunds, api.CodeLocked, api.CodeViewOnly, api.CodeSyncing, api.CodeTxRejected, api.CodeAccountNotFound, api.CodeNodeUnavailable),
	})
	srv.Register(api.MethodBusMessages, handle(func(_ context.Context, p *api.BusMessagesParams) ([]api.BusPacket, error) {
		ps, err := b.Messages(p.Account, p.App, p.Since)
		if err != nil {
			return nil, busError(err)
		}
		out := make([]api.BusPacket, len(ps))
		for i, pk := range ps {
			out[i] = pk.API()
		}
		return out, nil
	}), rpcserver.MethodSpec{
		Summary: "Lists the packets an account received",
		Description: "The packets of one app (or of all) completed at or above `since`, oldest first: what arrived while nobody listened to `bus.packet`. " +
			"A packet whose fragments stopped arriving is listed with `complete: false` and `received` of `count` once the retention window has passed since its first fragment. " +
			"Packets that fail their checks (digest, signature) are never listed. The node keeps payloads for the retention window only: older packets are gone.",
		Params: paramsOf(api.BusMessagesParams{}, accountDocBus("received the packets")),
		Result: result("packets", []api.BusPacket{}),
		Errors: errs(api.CodeInvalidApp, api.CodeLocked, api.CodeAccountNotFound),
	})
	srv.Register(api.MethodBusOutbox, handle(func(_ context.Context, p *api.BusOutboxParams) ([]api.BusOutboxEntry, error) {
		out, err := b.Outbox(p.Account)
		if err != nil {
			return nil, busError(err)
		}
		return out, nil
	}), rpcserver.MethodSpec{
		Summary:     "Lists the packets an account is still sending",
		Description: "Packets over 15 outputs whose transactions wait for the account's coins, with how many fragments are in transactions so far and why the last attempt stopped. A packet leaves the outbox when its last transaction is sent.",
		Params:      paramsOf(api.BusOutboxParams{}, accountDocBus("sends")),
		Result:      result("outbox", []api.BusOutboxEntry{}),
		Errors:      errs(api.CodeLocked, api.CodeAccountNotFound),
	})
}

// accountDocBus documents the account param of a bus method.
func accountDocBus(does string) map[string]string {
	return map[string]string{"account": "account name or id that " + does + "; the first account when omitted"}
}

// busError turns a bus error into the JSON-RPC error a client can act on;
// the wallet's errors (locked, insufficient funds, …) go through
// walletError.
func busError(err error) error {
	switch {
	case errors.Is(err, bus.ErrPacketTooLarge):
		return &rpcserver.Error{Code: api.CodePacketTooLarge, Message: err.Error()}
	case errors.Is(err, bus.ErrBadApp):
		return &rpcserver.Error{Code: api.CodeInvalidApp, Message: err.Error()}
	case errors.Is(err, bus.ErrUnknownAddress):
		return &rpcserver.Error{Code: api.CodeInvalidAddress, Message: err.Error()}
	case errors.Is(err, bus.ErrClosed):
		return &rpcserver.Error{Code: api.CodeNodeUnavailable, Message: "the bus is shutting down"}
	}
	return walletError(err)
}
