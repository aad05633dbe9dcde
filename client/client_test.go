package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

var (
	when    = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	account = api.Account{ID: "0123456789abcdef", Name: "alice", Address: "stg1alice", Created: when, ScannedHeight: 7}
	index1  = uint32(1)

	history = []api.HistoryEntry{
		{TxID: "t", Direction: "in", Time: when},
		{TxID: "s", Direction: "self", Kind: "stake", Status: api.StatusConfirmed, Height: 6, Time: when, Fee: 1},
	}
	validator = api.Validator{
		Key: "va", Address: "ad", VRFKey: "vr", Stake: 50, Power: 50, Rewards: 3, Jailed: true, JailedAt: 4,
		PeriodSigned: 2, PeriodMissed: 1, UnjailAt: 10, Owner: "ow", Nonce: 2,
	}
	validators = api.Validators{Height: 9, Epoch: 1, NextEpoch: 20, Validators: []api.Validator{validator}}
	stakes     = api.Stakes{
		Account: "alice", Height: 9,
		Stakes: []api.StakeInfo{{
			ID: "o", TxID: "s", Validator: "va", Amount: 50, Height: 6, UnlockHeight: 12, Pending: true,
		}},
		Validators: []api.Validator{validator},
	}
)

// TestMethods calls every typed method against a handler that decodes the
// params strictly into the api params type, and checks the method name,
// the params on the wire and the decoded result.
func TestMethods(t *testing.T) {
	t.Parallel()
	amount := uint64(5)
	packets := []api.BusPacket{{
		PacketID: "p", Account: "bob", App: "ping", Data: []byte{0, 1}, From: "stg1alice", Seq: 2, Height: 4, Time: when,
		TxIDs: []string{"t"}, Complete: true, Received: 1, Count: 1,
	}}
	tests := []struct {
		method     string
		handler    rpcserver.Handler
		call       func(context.Context, *Client) (any, error)
		want       any
		wantParams string
	}{
		{api.MethodNodeStatus, returns[struct{}](api.NodeStatus{Network: "dev", Height: 9, BlockTime: when}),
			func(ctx context.Context, c *Client) (any, error) { return c.NodeStatus(ctx) },
			&api.NodeStatus{Network: "dev", Height: 9, BlockTime: when}, `{}`},
		{api.MethodChainBlock, returns[api.BlockParams](api.Block{Height: 3, Hash: "ab", Txs: []api.Tx{{ID: "t"}}}),
			func(ctx context.Context, c *Client) (any, error) { return c.Block(ctx, 3) },
			&api.Block{Height: 3, Hash: "ab", Txs: []api.Tx{{ID: "t"}}}, `{"height":3}`},
		{api.MethodChainTx, returns[api.TxParams](api.Tx{ID: "t", Outputs: []api.TxOutput{{ID: "o", Kind: "public", Amount: &amount}}}),
			func(ctx context.Context, c *Client) (any, error) { return c.Tx(ctx, "t") },
			&api.Tx{ID: "t", Outputs: []api.TxOutput{{ID: "o", Kind: "public", Amount: &amount}}}, `{"id":"t"}`},
		{api.MethodChainValidators, returns[struct{}](validators),
			func(ctx context.Context, c *Client) (any, error) { return c.Validators(ctx) },
			&validators, `{}`},
		{api.MethodChainAwardPool, returns[struct{}](api.AwardPool{Height: 9, Pool: 40, PeriodStart: 1, NextDraw: 20, Beacon: "be"}),
			func(ctx context.Context, c *Client) (any, error) { return c.AwardPool(ctx) },
			&api.AwardPool{Height: 9, Pool: 40, PeriodStart: 1, NextDraw: 20, Beacon: "be"}, `{}`},
		{api.MethodChainAwards, returns[api.AwardsParams]([]api.Award{{Height: 20, Winner: "aa", Amount: 40, Eligible: 2, Seed: "5e"}}),
			func(ctx context.Context, c *Client) (any, error) { return c.Awards(ctx, 3) },
			[]api.Award{{Height: 20, Winner: "aa", Amount: 40, Eligible: 2, Seed: "5e"}}, `{"limit":3}`},
		{api.MethodWalletCreateAccount, returns[api.CreateAccountParams](api.CreateAccountResult{Account: account, Phrase: "w1 w2"}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.CreateAccount(ctx, api.CreateAccountParams{Name: "alice", Password: "pw"})
			},
			&api.CreateAccountResult{Account: account, Phrase: "w1 w2"}, `{"name":"alice","password":"pw"}`},
		{api.MethodWalletRecoverAccount, returns[api.RecoverAccountParams](account),
			func(ctx context.Context, c *Client) (any, error) {
				return c.RecoverAccount(ctx, api.RecoverAccountParams{Name: "alice", Phrase: "w1 w2", Password: "pw"})
			},
			&account, `{"name":"alice","phrase":"w1 w2","password":"pw"}`},
		{api.MethodWalletImportViewOnly, returns[api.ImportViewOnlyParams](account),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ImportViewOnly(ctx, api.ImportViewOnlyParams{Name: "v", Address: "stg1", ViewKey: "aa", Password: "pw"})
			},
			&account, `{"name":"v","address":"stg1","viewKey":"aa","password":"pw"}`},
		{api.MethodWalletListAccounts, returns[struct{}]([]api.Account{account}),
			func(ctx context.Context, c *Client) (any, error) { return c.ListAccounts(ctx) },
			[]api.Account{account}, `{}`},
		{api.MethodWalletUnlock, returns[api.UnlockParams](account),
			func(ctx context.Context, c *Client) (any, error) {
				return c.Unlock(ctx, api.UnlockParams{Account: "alice", Password: "pw"})
			},
			&account, `{"account":"alice","password":"pw"}`},
		{api.MethodWalletLock, returns[api.AccountParams](account),
			func(ctx context.Context, c *Client) (any, error) { return c.Lock(ctx, "") },
			&account, `{}`},
		{api.MethodWalletChangePassword, returns[api.ChangePasswordParams](true),
			func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ChangePassword(ctx, api.ChangePasswordParams{Password: "a", NewPassword: "b"})
			},
			nil, `{"password":"a","newPassword":"b"}`},
		{api.MethodWalletDeleteAccount, returns[api.DeleteAccountParams](api.DeleteAccountResult{Trash: "/trash/alice"}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteAccount(ctx, api.DeleteAccountParams{Account: "alice", Password: "pw"})
			},
			&api.DeleteAccountResult{Trash: "/trash/alice"}, `{"account":"alice","password":"pw"}`},
		{api.MethodWalletAddress, returns[api.AccountParams](api.AddressResult{Account: "alice", Address: "stg1alice"}),
			func(ctx context.Context, c *Client) (any, error) { return c.Address(ctx, "alice") },
			&api.AddressResult{Account: "alice", Address: "stg1alice"}, `{"account":"alice"}`},
		{api.MethodWalletBalance, returns[api.AccountParams](api.Balance{Account: "alice", Available: 10, Pending: 2, Locked: 1}),
			func(ctx context.Context, c *Client) (any, error) { return c.Balance(ctx, "alice") },
			&api.Balance{Account: "alice", Available: 10, Pending: 2, Locked: 1}, `{"account":"alice"}`},
		{api.MethodWalletSyncStatus, returns[api.AccountParams](api.SyncStatus{Account: "alice", Synced: true, State: "synced"}),
			func(ctx context.Context, c *Client) (any, error) { return c.SyncStatus(ctx, "") },
			&api.SyncStatus{Account: "alice", Synced: true, State: "synced"}, `{}`},
		{api.MethodWalletSend, returns[api.SendParams](api.SendResult{TxID: "t", Amount: 5, Fee: 1, Status: api.StatusPending}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.Send(ctx, api.SendParams{To: "stg1bob", Amount: 5, Memo: "hi"})
			},
			&api.SendResult{TxID: "t", Amount: 5, Fee: 1, Status: api.StatusPending}, `{"to":"stg1bob","amount":5,"memo":"hi"}`},
		{api.MethodWalletViewKey, returns[api.ViewKeyParams](api.ViewKeyResult{Account: "alice", Address: "stg1alice", ViewKey: "aa"}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ViewKey(ctx, api.ViewKeyParams{Account: "alice", Password: "pw"})
			},
			&api.ViewKeyResult{Account: "alice", Address: "stg1alice", ViewKey: "aa"}, `{"account":"alice","password":"pw"}`},
		{api.MethodWalletEstimateFee, returns[api.EstimateFeeParams](api.FeeEstimate{Account: "alice", Amount: 5, Fee: 1, Inputs: 1, Outputs: 2, Size: 900}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.EstimateFee(ctx, api.EstimateFeeParams{Amount: 5})
			},
			&api.FeeEstimate{Account: "alice", Amount: 5, Fee: 1, Inputs: 1, Outputs: 2, Size: 900}, `{"amount":5}`},
		{api.MethodWalletHistory, returns[api.HistoryParams](history),
			func(ctx context.Context, c *Client) (any, error) { return c.History(ctx, api.HistoryParams{Limit: 2}) },
			history, `{"limit":2}`},
		{api.MethodWalletPaymentProof, returns[api.PaymentProofParams](api.PaymentProof{Proof: "p", TxID: "t", Index: 1}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.PaymentProof(ctx, api.PaymentProofParams{TxID: "t", Index: &index1})
			},
			&api.PaymentProof{Proof: "p", TxID: "t", Index: 1}, `{"txId":"t","index":1}`},
		{api.MethodWalletVerifyPaymentProof, returns[api.VerifyPaymentProofParams](api.PaymentProofCheck{Valid: true, TxID: "t"}),
			func(ctx context.Context, c *Client) (any, error) { return c.VerifyPaymentProof(ctx, "p") },
			&api.PaymentProofCheck{Valid: true, TxID: "t"}, `{"proof":"p"}`},
		{api.MethodWalletStake, returns[api.StakeParams](api.SendResult{TxID: "s", Amount: 50, Fee: 1, Status: api.StatusPending}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.Stake(ctx, api.StakeParams{Account: "alice", Validator: "va", VRFKey: "vr", Amount: 50})
			},
			&api.SendResult{TxID: "s", Amount: 50, Fee: 1, Status: api.StatusPending},
			`{"account":"alice","validator":"va","vrfKey":"vr","amount":50}`},
		{api.MethodWalletUnstake, returns[api.UnstakeParams](api.SendResult{TxID: "u", Amount: 49, Fee: 1, Status: api.StatusPending}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.Unstake(ctx, api.UnstakeParams{Validator: "va", Fee: 2})
			},
			&api.SendResult{TxID: "u", Amount: 49, Fee: 1, Status: api.StatusPending}, `{"validator":"va","fee":2}`},
		{api.MethodWalletStakes, returns[api.StakesParams](stakes),
			func(ctx context.Context, c *Client) (any, error) { return c.Stakes(ctx, "alice") },
			&stakes, `{"account":"alice"}`},
		{api.MethodWalletWithdrawRewards, returns[api.WithdrawRewardsParams](api.SendResult{TxID: "w", Amount: 7, Fee: 1, Status: api.StatusPending}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.WithdrawRewards(ctx, api.WithdrawRewardsParams{Validator: "va", Amount: 8})
			},
			&api.SendResult{TxID: "w", Amount: 7, Fee: 1, Status: api.StatusPending}, `{"validator":"va","amount":8}`},
		{api.MethodWalletUnjail, returns[api.UnjailParams](api.SendResult{TxID: "j", Fee: 1, Status: api.StatusPending}),
			func(ctx context.Context, c *Client) (any, error) { return c.Unjail(ctx, api.UnjailParams{}) },
			&api.SendResult{TxID: "j", Fee: 1, Status: api.StatusPending}, `{}`},
		{api.MethodBusSend, returns[api.BusSendParams](api.BusSendResult{PacketID: "p", TxIDs: []string{"t"}, Fragments: 2}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.BusSend(ctx, api.BusSendParams{To: "stg1bob", App: "ping", Data: []byte("hi"), Sign: true})
			},
			&api.BusSendResult{PacketID: "p", TxIDs: []string{"t"}, Fragments: 2}, `{"to":"stg1bob","app":"ping","data":"aGk=","sign":true}`},
		{api.MethodBusMessages, returns[api.BusMessagesParams](packets),
			func(ctx context.Context, c *Client) (any, error) {
				return c.BusMessages(ctx, api.BusMessagesParams{Account: "bob", App: "ping", Since: 3})
			},
			packets, `{"account":"bob","app":"ping","since":3}`},
		{api.MethodBusOutbox, returns[api.BusOutboxParams]([]api.BusOutboxEntry{{PacketID: "p", Fragments: 20, Sent: 15, TxIDs: []string{"t"}}}),
			func(ctx context.Context, c *Client) (any, error) { return c.BusOutbox(ctx, "alice") },
			[]api.BusOutboxEntry{{PacketID: "p", Fragments: 20, Sent: 15, TxIDs: []string{"t"}}}, `{"account":"alice"}`},
		{api.MethodChatContactsAdd, returns[api.ChatContactParams](chatContact),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatAddContact(ctx, api.ChatContactParams{Contact: "stg1bob", Name: "bob"})
			},
			&chatContact, `{"contact":"stg1bob","name":"bob"}`},
		{api.MethodChatContactsList, returns[api.ChatAccountParams]([]api.ChatContact{chatContact}),
			func(ctx context.Context, c *Client) (any, error) { return c.ChatContacts(ctx, "alice") },
			[]api.ChatContact{chatContact}, `{"account":"alice"}`},
		{api.MethodChatContactsRemove, returns[api.ChatContactParams](chatContact),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatRemoveContact(ctx, api.ChatContactParams{Account: "alice", Contact: "bob"})
			},
			&chatContact, `{"account":"alice","contact":"bob"}`},
		{api.MethodChatSend, returns[api.ChatSendParams](chatMessage),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatSend(ctx, api.ChatSendParams{To: "bob", Text: "hi", DisplayName: "Al", ReplyTo: "r"})
			},
			&chatMessage, `{"to":"bob","text":"hi","displayName":"Al","replyTo":"r"}`},
		{api.MethodChatHistory, returns[api.ChatHistoryParams]([]api.ChatMessage{chatMessage}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatHistory(ctx, api.ChatHistoryParams{With: "bob", Limit: 5})
			},
			[]api.ChatMessage{chatMessage}, `{"with":"bob","limit":5}`},
		{api.MethodChatInvite, returns[api.ChatInviteParams](api.ChatInvite{URI: "stegos:stg1alice?name=Al"}),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatInvite(ctx, api.ChatInviteParams{Name: "Al"})
			},
			&api.ChatInvite{URI: "stegos:stg1alice?name=Al"}, `{"name":"Al"}`},
		{api.MethodChatGroupsCreate, returns[api.ChatGroupCreateParams](chatGroup),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatCreateGroup(ctx, api.ChatGroupCreateParams{Name: "friends", Password: "pw"})
			},
			&chatGroup, `{"name":"friends","password":"pw"}`},
		{api.MethodChatGroupsInvite, returns[api.ChatGroupMemberParams](chatGroup),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatInviteToGroup(ctx, api.ChatGroupMemberParams{Group: "friends", Member: "bob", Role: "admin"})
			},
			&chatGroup, `{"group":"friends","member":"bob","role":"admin"}`},
		{api.MethodChatGroupsJoin, returns[api.ChatGroupParams](chatGroup),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatJoinGroup(ctx, api.ChatGroupParams{Account: "bob", Group: "friends", Password: "pw"})
			},
			&chatGroup, `{"account":"bob","group":"friends","password":"pw"}`},
		{api.MethodChatGroupsRemove, returns[api.ChatGroupMemberParams](chatGroup),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatRemoveFromGroup(ctx, api.ChatGroupMemberParams{Group: "friends", Member: "bob"})
			},
			&chatGroup, `{"group":"friends","member":"bob"}`},
		{api.MethodChatGroupsLeave, returns[api.ChatGroupParams](chatGroup),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatLeaveGroup(ctx, api.ChatGroupParams{Group: "friends"})
			},
			&chatGroup, `{"group":"friends"}`},
		{api.MethodChatGroupsSend, returns[api.ChatSendParams](chatMessage),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatSendGroup(ctx, api.ChatSendParams{To: "friends", Text: "hi all"})
			},
			&chatMessage, `{"to":"friends","text":"hi all"}`},
		{api.MethodChatGroupsList, returns[api.ChatAccountParams]([]api.ChatGroup{chatGroup}),
			func(ctx context.Context, c *Client) (any, error) { return c.ChatGroups(ctx, "") },
			[]api.ChatGroup{chatGroup}, `{}`},
		{api.MethodChatChannelsCreate, returns[api.ChatChannelCreateParams](chatChannel),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatCreateChannel(ctx, api.ChatChannelCreateParams{Name: "news", Password: "pw"})
			},
			&chatChannel, `{"name":"news","password":"pw"}`},
		{api.MethodChatChannelsPost, returns[api.ChatSendParams](chatMessage),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatPostChannel(ctx, api.ChatSendParams{To: "news", Text: "hello readers"})
			},
			&chatMessage, `{"to":"news","text":"hello readers"}`},
		{api.MethodChatChannelsJoin, returns[api.ChatChannelJoinParams](chatChannel),
			func(ctx context.Context, c *Client) (any, error) {
				return c.ChatJoinChannel(ctx, api.ChatChannelJoinParams{Invite: "stegos:c", Password: "pw"})
			},
			&chatChannel, `{"invite":"stegos:c","password":"pw"}`},
		{api.MethodChatChannelsList, returns[api.ChatAccountParams]([]api.ChatChannel{chatChannel}),
			func(ctx context.Context, c *Client) (any, error) { return c.ChatChannels(ctx, "bob") },
			[]api.ChatChannel{chatChannel}, `{"account":"bob"}`},
	}
	var doc struct {
		Methods []struct {
			Name string `json:"name"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(api.OpenRPC, &doc); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{
		// WebSocket only: Subscribe and its helpers use subscribe and
		// unsubscribe (ws_test.go); auth is for browsers, the Go client
		// sends its token in a header.
		api.MethodSubscribe: true, api.MethodUnsubscribe: true, api.MethodAuth: true,
	}
	for _, tt := range tests {
		covered[tt.method] = true
	}
	for _, m := range doc.Methods {
		if !covered[m.Name] {
			t.Errorf("%s is in api/openrpc.json but has no typed method test here", m.Name)
		}
	}

	recs := map[string]*recorder{}
	handlers := map[string]rpcserver.Handler{}
	for _, tt := range tests {
		recs[tt.method] = &recorder{}
		handlers[tt.method] = recs[tt.method].wrap(tt.handler)
	}
	ts := startServer(t, handlers)
	c := newClient(t, ts)
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			got, err := tt.call(t.Context(), c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if tt.want == nil {
				got = nil
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result = %+v, want %+v", got, tt.want)
			}
			if p := recs[tt.method].params(); p != tt.wantParams {
				t.Errorf("params = %s, want %s", p, tt.wantParams)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	c := newClient(t, startServer(t, map[string]rpcserver.Handler{api.MethodNodeStatus: returns[struct{}](api.NodeStatus{})}))
	doc, err := c.Discover(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		OpenRPC string `json:"openrpc"`
		Methods []struct {
			Name string `json:"name"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(doc, &d); err != nil || d.OpenRPC == "" || len(d.Methods) == 0 {
		t.Fatalf("rpc.discover = %s (%v)", doc, err)
	}
}

func TestAPIError(t *testing.T) {
	t.Parallel()
	want := api.InsufficientFundsData{Available: 3, Needed: 7, Pending: 2}
	ts := startServer(t, map[string]rpcserver.Handler{
		api.MethodWalletSend: func(context.Context, json.RawMessage) (any, error) {
			return nil, &rpcserver.Error{Code: api.CodeInsufficientFunds, Message: "insufficient funds", Data: want}
		},
		api.MethodWalletLock: func(context.Context, json.RawMessage) (any, error) {
			return nil, &rpcserver.Error{Code: api.CodeAccountNotFound, Message: "no account named bob"}
		},
		api.MethodWalletBalance: func(context.Context, json.RawMessage) (any, error) {
			return nil, errors.New("secret internal detail")
		},
		api.MethodWalletUnstake: func(context.Context, json.RawMessage) (any, error) {
			return nil, &rpcserver.Error{Code: api.CodeStaking, Message: "stake is locked until height 12"}
		},
	})
	c := newClient(t, ts)

	_, err := c.Send(t.Context(), api.SendParams{To: "x", Amount: 7})
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeInsufficientFunds || ae.Message != "insufficient funds" {
		t.Fatalf("Send error = %#v, want *api.Error with CodeInsufficientFunds", err)
	}
	var got api.InsufficientFundsData
	if err := DecodeErrorData(err, &got); err != nil || got != want {
		t.Errorf("DecodeErrorData = %+v, %v; want %+v", got, err, want)
	}
	if !IsCode(err, api.CodeInsufficientFunds) || ErrorCode(err) != api.CodeInsufficientFunds {
		t.Errorf("IsCode/ErrorCode do not see code %d in %v", api.CodeInsufficientFunds, err)
	}

	_, err = c.Lock(t.Context(), "bob")
	if ErrorCode(err) != api.CodeAccountNotFound {
		t.Fatalf("Lock error = %v, want code %d", err, api.CodeAccountNotFound)
	}
	if err := DecodeErrorData(err, &got); err == nil {
		t.Error("DecodeErrorData of an error without data succeeded")
	}
	if err := DecodeErrorData(errors.New("x"), &got); err == nil {
		t.Error("DecodeErrorData of a non-API error succeeded")
	}

	_, err = c.Unstake(t.Context(), api.UnstakeParams{})
	if !IsCode(err, api.CodeStaking) || !strings.Contains(err.Error(), "locked until height 12") {
		t.Errorf("Unstake error = %v, want code %d with the server's message", err, api.CodeStaking)
	}

	_, err = c.Balance(t.Context(), "")
	if ErrorCode(err) != api.CodeInternal || strings.Contains(err.Error(), "secret") {
		t.Errorf("Balance error = %v, want a bare internal error", err)
	}
	_, err = c.Tx(t.Context(), "t")
	if ErrorCode(err) != api.CodeMethodNotFound {
		t.Errorf("unregistered method: error = %v, want code %d", err, api.CodeMethodNotFound)
	}
}

func TestWrongToken(t *testing.T) {
	t.Parallel()
	ts := startServer(t, map[string]rpcserver.Handler{api.MethodNodeStatus: returns[struct{}](api.NodeStatus{})})
	c, err := New(ts.url, strings.Repeat("f", 64))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.NodeStatus(t.Context()); ErrorCode(err) != api.CodeUnauthorized {
		t.Errorf("NodeStatus error = %v, want code %d", err, api.CodeUnauthorized)
	}
	if _, err := c.Subscribe(t.Context(), api.TopicNewBlock); ErrorCode(err) != api.CodeUnauthorized {
		t.Errorf("Subscribe error = %v, want code %d", err, api.CodeUnauthorized)
	}
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	c, err := New(closedAddr(t), testToken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.NodeStatus(t.Context())
	var ce *ConnError
	if !errors.As(err, &ce) || ce.URL != c.URL() {
		t.Fatalf("NodeStatus error = %#v, want a *ConnError for %s", err, c.URL())
	}
	if msg := err.Error(); !strings.Contains(msg, "cannot reach the Stegos API at "+c.URL()) || !strings.Contains(msg, "is stegosd running?") {
		t.Errorf("message %q does not say the API cannot be reached", msg)
	}
	if _, err := c.Subscribe(t.Context(), api.TopicNewBlock); !errors.As(err, &ce) {
		t.Errorf("Subscribe error = %v, want a *ConnError", err)
	}
}

func TestNotTheAPI(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html>bad gateway</html>"))
	}))
	defer hs.Close()
	c, err := New(hs.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.NodeStatus(t.Context())
	if err == nil || ErrorCode(err) != 0 || !strings.Contains(err.Error(), "HTTP 502") || !strings.Contains(err.Error(), "did not answer like the Stegos API") {
		t.Errorf("error = %v, want a protocol error naming HTTP 502", err)
	}
}

func TestContextCancellation(t *testing.T) {
	t.Parallel()
	started := make(chan struct{}, 1)
	ts := startServer(t, map[string]rpcserver.Handler{
		api.MethodNodeStatus: func(ctx context.Context, _ json.RawMessage) (any, error) {
			started <- struct{}{}
			<-ctx.Done()
			return nil, ctx.Err()
		},
	})
	c := newClient(t, ts)

	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-started; cancel() }()
	if _, err := c.NodeStatus(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: error = %v, want context.Canceled", err)
	}

	ctx, cancel2 := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel2()
	_, err := c.NodeStatus(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("call past its deadline: error = %v, want context.DeadlineExceeded", err)
	}
	var ce *ConnError
	if errors.As(err, &ce) {
		t.Errorf("a timeout is reported as unreachable: %v", err)
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"http://127.0.0.1:3145", "http://127.0.0.1:3145/", false},
		{"https://node.example/api", "https://node.example/api", false},
		{"127.0.0.1:3145", "http://127.0.0.1:3145/", false},
		{" ws://localhost:3145/ ", "http://localhost:3145/", false},
		{"wss://node.example", "https://node.example/", false},
		{"", "", true},
		{"ftp://x", "", true},
		{"http://", "", true},
		{"http://[::1", "", true},
	}
	for _, tt := range tests {
		c, err := New(tt.in, "tok")
		if tt.wantErr {
			if err == nil {
				t.Errorf("New(%q) succeeded, want an error", tt.in)
			}
			continue
		}
		if err != nil || c.URL() != tt.want {
			t.Errorf("New(%q): URL %v, error %v; want %q", tt.in, c, err, tt.want)
		}
	}
	if _, err := New(DefaultURL, "  "); err == nil {
		t.Error("New with an empty token succeeded")
	}
}

func TestTokenFromFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "api.token")
	if err := os.WriteFile(good, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tok, err := TokenFromFile(good); err != nil || tok != testToken {
		t.Errorf("TokenFromFile = %q, %v; want the token", tok, err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := TokenFromFile(empty); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Errorf("empty file: error = %v", err)
	}
	missing := filepath.Join(dir, "missing")
	_, err := TokenFromFile(missing)
	if err == nil || !strings.Contains(err.Error(), "stegosd dev") || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error = %v, want one naming the file and `stegosd dev`", err)
	}
	if _, err := TokenFromFile(dir); err == nil {
		t.Error("a directory as token file: no error")
	}
	if _, err := NewFromTokenFile(DefaultURL, missing); err == nil {
		t.Error("NewFromTokenFile with a missing file succeeded")
	}
}

func TestDial(t *testing.T) {
	t.Parallel()
	ts := startServer(t, map[string]rpcserver.Handler{api.MethodNodeStatus: returns[struct{}](api.NodeStatus{Network: "dev"})})
	tokFile := filepath.Join(t.TempDir(), "api.token")
	if err := os.WriteFile(tokFile, []byte(testToken), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(t.Context(), ts.url, tokFile); err != nil {
		t.Errorf("Dial: %v", err)
	}
	if _, err := Dial(t.Context(), closedAddr(t), tokFile); err == nil {
		t.Error("Dial of a closed port succeeded")
	}
}
