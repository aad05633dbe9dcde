package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// The fixed API values the fake node answers with.
const (
	testToken = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	aliceID   = "a11ce00000000001"
	aliceAddr = "stg1qalice0000000000000000000000000000000000000000000000000000"
	bobAddr   = "stg1qbob000000000000000000000000000000000000000000000000000000"
	txID      = "7f3a000000000000000000000000000000000000000000000000000000000001"
	txID2     = "7f3a000000000000000000000000000000000000000000000000000000000002"
	phrase24  = "abandon ability able about above absent absorb abstract absurd abuse access accident " +
		"account accuse achieve acid acoustic acquire across act action actor actress actual"
)

var (
	t0    = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	alice = api.Account{ID: aliceID, Name: "alice", Address: aliceAddr, Created: t0, ScannedHeight: 42}
	bob   = api.Account{ID: "b0b0000000000002", Name: "bob", Address: bobAddr, Created: t0, ViewOnly: true, Locked: true, ScannedHeight: 40}

	fixedNode = api.NodeStatus{Network: "dev", ChainID: "stegos-dev", Height: 42, BlockHash: "beef", BlockTime: t0,
		Peers: 0, Version: "v0.1.0", Supply: 1_000_000_000_000}
	fixedBalance = api.Balance{Account: aliceID, Available: 12_500_000, Pending: 1_000_000, Locked: 250_000, ScannedHeight: 42}
	fixedSync    = api.SyncStatus{Account: aliceID, ScannedHeight: 42, ChainHeight: 42, Synced: true, State: "synced"}
	fixedHistory = []api.HistoryEntry{
		{TxID: txID, Direction: "out", Status: api.StatusPending, Time: t0.Add(time.Hour), Sent: 2_000_000, Fee: 1000,
			Payments: []api.Payment{{Index: 0, Address: bobAddr, Amount: 2_000_000, Memo: "rent\x1b[31m!"}}},
		{TxID: txID2, Direction: "in", Status: api.StatusConfirmed, Height: 40, Time: t0, Confirmations: 3, Received: 14_500_000,
			Payments: []api.Payment{{Index: 1, Amount: 14_500_000, Memo: "salary"}}},
	}
	fixedProof = api.PaymentProof{Proof: "stgproof1qqq", TxID: txID, Index: 0, Address: bobAddr, Amount: 2_000_000, Memo: "rent"}
	fixedCheck = api.PaymentProofCheck{Valid: true, TxID: txID, Index: 0, Address: bobAddr, Amount: 2_000_000, Memo: "rent",
		Height: 43, Confirmations: 1}
	amount5 = uint64(5_000_000)
	fixedTx = api.Tx{ID: txID, Height: 43, Index: 0, Time: t0, Confirmations: 1, Fee: 1000, Size: 2048,
		Inputs: []string{"in1"}, Outputs: []api.TxOutput{{ID: "out1", Kind: "confidential"}, {ID: "out2", Kind: "public", Amount: &amount5}}}
	fixedBlock = api.Block{Height: 43, Hash: "cafe", Time: t0, Proposer: "val0", Txs: []api.Tx{fixedTx}}
)

// fixture is a real rpcserver.Server with handlers that answer fixed
// values, a token file for it, and a record of the calls.
type fixture struct {
	url       string
	tokenFile string
	srv       *rpcserver.Server // to publish notifications

	mu    sync.Mutex
	calls map[string][]string // method -> params of each call
}

// handlerFunc is a handler of the fixture: it gets the params already
// checked against the API type of the method.
type handlerFunc func(params json.RawMessage) (any, error)

// strict returns a handler that decodes the params into a P, rejecting
// unknown fields, before calling f.
func strict[P any](f func(p P) (any, error)) handlerFunc {
	return func(raw json.RawMessage) (any, error) {
		var p P
		if err := rpcserver.DecodeParams(raw, &p); err != nil {
			return nil, err
		}
		return f(p)
	}
}

func fixed[P any](v any) handlerFunc { return strict(func(P) (any, error) { return v, nil }) }

// defaultHandlers answer every method the CLI calls.
func defaultHandlers() map[string]handlerFunc {
	return map[string]handlerFunc{
		api.MethodNodeStatus:         fixed[struct{}](fixedNode),
		api.MethodChainBlock:         fixed[api.BlockParams](fixedBlock),
		api.MethodChainTx:            fixed[api.TxParams](fixedTx),
		api.MethodWalletListAccounts: fixed[struct{}]([]api.Account{alice, bob}),
		api.MethodWalletCreateAccount: strict(func(p api.CreateAccountParams) (any, error) {
			a := alice
			a.Name = p.Name
			return api.CreateAccountResult{Account: a, Phrase: phrase24}, nil
		}),
		api.MethodWalletRecoverAccount: strict(func(p api.RecoverAccountParams) (any, error) {
			a := alice
			a.Name = p.Name
			return a, nil
		}),
		api.MethodWalletImportViewOnly: strict(func(p api.ImportViewOnlyParams) (any, error) {
			a := bob
			a.Name, a.Locked = p.Name, false
			return a, nil
		}),
		api.MethodWalletUnlock:             fixed[api.UnlockParams](alice),
		api.MethodWalletLock:               fixed[api.AccountParams](api.Account{ID: aliceID, Name: "alice", Locked: true}),
		api.MethodWalletChangePassword:     fixed[api.ChangePasswordParams](true),
		api.MethodWalletDeleteAccount:      fixed[api.DeleteAccountParams](api.DeleteAccountResult{Trash: "/data/wallet/trash/alice-1"}),
		api.MethodWalletAddress:            fixed[api.AccountParams](api.AddressResult{Account: aliceID, Address: aliceAddr}),
		api.MethodWalletBalance:            fixed[api.AccountParams](fixedBalance),
		api.MethodWalletSyncStatus:         fixed[api.AccountParams](fixedSync),
		api.MethodWalletHistory:            fixed[api.HistoryParams](fixedHistory),
		api.MethodWalletPaymentProof:       fixed[api.PaymentProofParams](fixedProof),
		api.MethodWalletVerifyPaymentProof: fixed[api.VerifyPaymentProofParams](fixedCheck),
		api.MethodWalletSend: strict(func(p api.SendParams) (any, error) {
			return api.SendResult{TxID: txID, Amount: p.Amount, Fee: max(p.Fee, 1000), Status: api.StatusPending}, nil
		}),
	}
}

// newFixture serves the default handlers, replaced by overrides, until
// the test ends.
func newFixture(t *testing.T, overrides map[string]handlerFunc) *fixture {
	t.Helper()
	topics := api.Topics
	if !slices.Contains(topics, api.TopicChatMessage) {
		topics = append(slices.Clone(topics), api.TopicChatMessage)
	}
	srv, err := rpcserver.New(rpcserver.Config{Token: testToken, RateLimit: -1, ShutdownTimeout: time.Second, Topics: topics})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{calls: map[string][]string{}, srv: srv}
	handlers := defaultHandlers()
	for name, h := range overrides {
		handlers[name] = h
	}
	for name, h := range handlers {
		srv.Register(name, func(_ context.Context, params json.RawMessage) (any, error) {
			f.mu.Lock()
			f.calls[name] = append(f.calls[name], string(params))
			f.mu.Unlock()
			return h(params)
		}, rpcserver.MethodSpec{Summary: name})
	}
	ln, err := rpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ctx, ln); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	f.url = "http://" + ln.Addr().String()
	f.tokenFile = writeToken(t, t.TempDir(), testToken)
	return f
}

func writeToken(t *testing.T, dir, tok string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, api.TokenFile)
	if err := os.WriteFile(p, []byte(tok+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// params returns the params of every call of method.
func (f *fixture) params(method string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls[method]...)
}

// total returns the number of API calls made.
func (f *fixture) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += len(c)
	}
	return n
}

// opts describe the process a command runs in.
type opts struct {
	stdin    string
	env      map[string]string
	terminal bool     // stdin, stdout and stderr are terminals
	typed    []string // what ReadPassword returns, in order

	stdinReader   io.Reader // replaces stdin when set
	stdoutCopy    io.Writer // also gets stdout, to read while the command runs
	blockPassword bool      // ReadPassword waits for the context
}

// result is what a run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the CLI against f with its URL and token file in the
// environment (STEGOS_API, STEGOS_TOKEN_FILE), unless o.env sets them.
func (f *fixture) run(t *testing.T, o opts, args ...string) result {
	t.Helper()
	env := map[string]string{EnvAPI: f.url, EnvTokenFile: f.tokenFile}
	for k, v := range o.env {
		env[k] = v
	}
	return runCLI(t, env, o, args...)
}

func runCLI(t *testing.T, env map[string]string, o opts, args ...string) result {
	t.Helper()
	return runCLIContext(t.Context(), t, env, o, args...)
}

func runCLIContext(ctx context.Context, t *testing.T, env map[string]string, o opts, args ...string) result {
	t.Helper()
	stdin := io.Reader(strings.NewReader(o.stdin))
	if o.stdinReader != nil {
		stdin = o.stdinReader
	}
	var stdout, stderr bytes.Buffer
	out := io.Writer(&stdout)
	if o.stdoutCopy != nil {
		out = io.MultiWriter(&stdout, o.stdoutCopy)
	}
	typed := o.typed
	e := Env{
		Stdin:  stdin,
		Stdout: out,
		Stderr: &stderr,
		LookupEnv: func(k string) (string, bool) {
			v, ok := env[k]
			return v, ok
		},
		UserHome:       func() (string, error) { return "", errors.New("no home in tests") },
		StdinTerminal:  o.terminal,
		StdoutTerminal: o.terminal,
		StderrTerminal: o.terminal,
		ReadPassword: func(ctx context.Context) (string, error) {
			if o.blockPassword {
				<-ctx.Done()
				return "", ctx.Err()
			}
			if len(typed) == 0 {
				return "", errors.New("nothing typed")
			}
			s := typed[0]
			typed = typed[1:]
			return s, nil
		},
		Location:     time.UTC,
		Now:          func() time.Time { return t0 },
		PollInterval: time.Millisecond,
	}
	code := Run(ctx, args, e)
	return result{code, stdout.String(), stderr.String()}
}

// want fails the test unless r has the exit code and every fragment
// appears in stdout or stderr.
func (r result) want(t *testing.T, code int, fragments ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, f := range fragments {
		if !strings.Contains(r.stdout, f) && !strings.Contains(r.stderr, f) {
			t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", f, r.stdout, r.stderr)
		}
	}
}

// apiErr returns a handler that fails with code, message and data.
func apiErr(code int, msg string, data any) handlerFunc {
	return func(json.RawMessage) (any, error) {
		return nil, &rpcserver.Error{Code: code, Message: msg, Data: data}
	}
}
