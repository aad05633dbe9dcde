package apiserver

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
)

// fakeBus answers the bus methods with canned results or err.
type fakeBus struct {
	got bus.SendRequest
	err error
}

func (f *fakeBus) Send(_ context.Context, req bus.SendRequest) (bus.SendResult, error) {
	f.got = req
	if f.err != nil {
		return bus.SendResult{}, f.err
	}
	return bus.SendResult{PacketID: strings.Repeat("ab", 16), TxIDs: []string{strings.Repeat("cd", 32)}, Fragments: 3}, nil
}

func (f *fakeBus) Messages(account, app string, since int64) ([]bus.Packet, error) {
	if f.err != nil {
		return nil, f.err
	}
	return []bus.Packet{{Account: account, App: app, Data: []byte{0, 1, 2}, Height: since, Complete: true, Received: 1, Count: 1}}, nil
}

func (f *fakeBus) Outbox(string) ([]api.BusOutboxEntry, error) {
	if f.err != nil {
		return nil, f.err
	}
	return []api.BusOutboxEntry{{App: "a", Fragments: 20, Sent: 15, TxIDs: []string{}}}, nil
}

func TestBusMethods(t *testing.T) {
	fb := &fakeBus{}
	a := serveAPI(t, func(srv *rpcserver.Server) { RegisterBus(srv, fb) })

	var res api.BusSendResult
	a.ok(t, api.MethodBusSend, map[string]any{"account": "alice", "to": "dev1x", "app": "ping", "data": base64.StdEncoding.EncodeToString([]byte("hello")), "sign": true}, &res)
	if res.Fragments != 3 || len(res.TxIDs) != 1 || string(fb.got.Data) != "hello" || !fb.got.Sign || fb.got.App != "ping" || fb.got.Account != "alice" {
		t.Fatalf("result %+v for request %+v", res, fb.got)
	}
	a.fails(t, api.MethodBusSend, map[string]any{"app": "ping", "data": ""}, api.CodeInvalidParams, `"to" is required`)
	a.fails(t, api.MethodBusSend, map[string]any{"to": "x", "data": ""}, api.CodeInvalidParams, `"app" is required`)
	a.fails(t, api.MethodBusSend, map[string]any{"to": "x", "app": "a", "data": "not base64!"}, api.CodeInvalidParams)

	// data is base64 in the result too.
	rawRes, e := a.call(t, api.MethodBusMessages, map[string]any{"account": "bob", "app": "ping", "since": 7})
	if e != nil {
		t.Fatal(e)
	}
	var pkts []map[string]any
	if err := json.Unmarshal(rawRes, &pkts); err != nil || len(pkts) != 1 {
		t.Fatalf("bus.messages: %s (%v)", rawRes, err)
	}
	if pkts[0]["data"] != "AAEC" || pkts[0]["height"] != float64(7) || pkts[0]["app"] != "ping" {
		t.Fatalf("bus.messages: %s", rawRes)
	}
	var box []api.BusOutboxEntry
	a.ok(t, api.MethodBusOutbox, map[string]any{}, &box)
	if len(box) != 1 || box[0].Sent != 15 {
		t.Fatalf("bus.outbox: %+v", box)
	}
}

// TestBusErrors: each refusal of bus.send is its own JSON-RPC error.
func TestBusErrors(t *testing.T) {
	fb := &fakeBus{}
	a := serveAPI(t, func(srv *rpcserver.Server) { RegisterBus(srv, fb) })
	params := map[string]any{"to": "dev1x", "app": "ping", "data": ""}
	for _, tt := range []struct {
		err  error
		code int
		want string
	}{
		{fmt.Errorf("%w: %w", bus.ErrUnknownAddress, wallet.ErrInvalidAddress), api.CodeInvalidAddress, "unknown address"},
		{bus.CheckData(bus.MaxData + 1), api.CodePacketTooLarge, "65537 bytes"},
		{bus.CheckApp("Bad"), api.CodeInvalidApp, `"Bad"`},
		{&wallet.InsufficientFundsError{Available: 1, Needed: 2}, api.CodeInsufficientFunds, "insufficient funds"},
		{fmt.Errorf("%w: unlock it", wallet.ErrLocked), api.CodeLocked, "locked"},
		{wallet.ErrViewOnly, api.CodeViewOnly, "view-only"},
		{wallet.ErrAccountNotFound, api.CodeAccountNotFound, "no such account"},
		{&wallet.RejectedError{Reason: "fee"}, api.CodeTxRejected, "fee"},
		{bus.ErrClosed, api.CodeNodeUnavailable, "shutting down"},
	} {
		fb.err = tt.err
		a.fails(t, api.MethodBusSend, params, tt.code, tt.want)
	}
	fb.err = bus.CheckApp("Bad")
	a.fails(t, api.MethodBusMessages, map[string]any{"app": "Bad"}, api.CodeInvalidApp)
}
