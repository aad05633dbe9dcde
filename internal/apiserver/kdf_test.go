package apiserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// blockingWallet stands in for the wallet behind the methods that derive
// a key from a password: each call reports itself on entered and blocks
// until release is closed.
type blockingWallet struct {
	entered chan string
	release chan struct{}
}

func (b *blockingWallet) wait(method string) {
	b.entered <- method
	<-b.release
}

func (b *blockingWallet) CreateAccount(_ context.Context, name, _ string) (api.Account, string, error) {
	b.wait(api.MethodWalletCreateAccount)
	return api.Account{Name: name}, "phrase", nil
}

func (b *blockingWallet) RecoverAccount(_ context.Context, name, _, _ string) (api.Account, error) {
	b.wait(api.MethodWalletRecoverAccount)
	return api.Account{Name: name}, nil
}

func (b *blockingWallet) ImportViewOnly(_ context.Context, name, _, _, _ string) (api.Account, error) {
	b.wait(api.MethodWalletImportViewOnly)
	return api.Account{Name: name}, nil
}

func (b *blockingWallet) Unlock(ref, _ string) (api.Account, error) {
	b.wait(api.MethodWalletUnlock)
	return api.Account{Name: ref}, nil
}

func (b *blockingWallet) ChangePassword(_, _, _ string) error {
	b.wait(api.MethodWalletChangePassword)
	return nil
}

func (b *blockingWallet) DeleteAccount(_, _ string) (string, error) {
	b.wait(api.MethodWalletDeleteAccount)
	return "trash", nil
}

func (b *blockingWallet) ViewKey(ref, _ string) (api.ViewKeyResult, error) {
	b.wait(api.MethodWalletViewKey)
	return api.ViewKeyResult{Account: ref}, nil
}

// serveKeyMethods serves the methods that derive keys, over kw, with a
// cap of limit concurrent derivations, on a loopback port.
func serveKeyMethods(t *testing.T, kw keyWallet, limit int) string {
	t.Helper()
	srv, err := rpcserver.New(rpcserver.Config{Token: chainTestToken, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	registerKeyMethods(srv, kw, newKDFGate(limit))
	ln, err := rpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = srv.Serve(ctx, ln) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return "http://" + ln.Addr().String()
}

// rpcCall makes one call; it is safe to use from any goroutine.
func rpcCall(ctx context.Context, url, method string, params any) (json.RawMessage, *api.Error, error) {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+chainTestToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  *api.Error      `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, nil, fmt.Errorf("%s: response: %w", method, err)
	}
	return out.Result, out.Error, nil
}

// keyMethodCalls are valid params of every method that derives a key
// from a password.
var keyMethodCalls = []struct {
	method string
	params any
}{
	{api.MethodWalletCreateAccount, api.CreateAccountParams{Name: "a", Password: "pw"}},
	{api.MethodWalletRecoverAccount, api.RecoverAccountParams{Name: "a", Phrase: "words", Password: "pw"}},
	{api.MethodWalletImportViewOnly, api.ImportViewOnlyParams{Name: "a", Address: "dev1x", ViewKey: "00", Password: "pw"}},
	{api.MethodWalletUnlock, api.UnlockParams{Account: "a", Password: "pw"}},
	{api.MethodWalletChangePassword, api.ChangePasswordParams{Account: "a", Password: "pw", NewPassword: "pw2"}},
	{api.MethodWalletDeleteAccount, api.DeleteAccountParams{Account: "a", Password: "pw"}},
	{api.MethodWalletViewKey, api.ViewKeyParams{Account: "a", Password: "pw"}},
}

// N concurrent calls of a method that runs argon2id (64 MiB each): the
// first `limit` run, the others are answered "busy" at once instead of
// queueing, and once the running ones finish the gate admits calls again.
func TestKeyDerivationsCapped(t *testing.T) {
	t.Parallel()
	const limit, n = 2, 7
	for _, tc := range keyMethodCalls {
		t.Run(tc.method, func(t *testing.T) {
			t.Parallel()
			kw := &blockingWallet{entered: make(chan string, n), release: make(chan struct{})}
			url := serveKeyMethods(t, kw, limit)
			type answer struct {
				e   *api.Error
				err error
			}
			answers := make(chan answer, n)
			for range n {
				go func() {
					_, e, err := rpcCall(t.Context(), url, tc.method, tc.params)
					answers <- answer{e, err}
				}()
			}
			for range limit {
				if got := <-kw.entered; got != tc.method {
					t.Fatalf("the wallet ran %s, want %s", got, tc.method)
				}
			}
			// The calls in the wallet cannot answer before release: the
			// n-limit answers that come now are the refused ones.
			released := false
			release := func() {
				if !released {
					close(kw.release)
					released = true
				}
			}
			defer release() // a failing test must not leave the calls blocked
			for i := range n - limit {
				var a answer
				select {
				case a = <-answers:
				case m := <-kw.entered:
					t.Fatalf("call %d over the cap reached the wallet (%s)", limit+i+1, m)
				}
				if a.err != nil {
					t.Fatal(a.err)
				}
				if a.e == nil || a.e.Code != api.CodeBusy || !strings.Contains(a.e.Message, "try again") {
					t.Fatalf("call %d over the cap: error %v, want code %d saying to try again", i, a.e, api.CodeBusy)
				}
			}
			release()
			for range limit {
				if a := <-answers; a.err != nil || a.e != nil {
					t.Fatalf("a call within the cap: %v %v", a.err, a.e)
				}
			}
			// Every slot was given back.
			for range limit {
				if _, e, err := rpcCall(t.Context(), url, tc.method, tc.params); err != nil || e != nil {
					t.Fatalf("call after the others finished: %v %v", err, e)
				}
				<-kw.entered
			}
		})
	}
}

// A panic in a key derivation gives its slot back.
func TestKDFGateReleasesOnPanic(t *testing.T) {
	t.Parallel()
	g := newKDFGate(1)
	func() {
		defer func() { _ = recover() }()
		_, _ = runKDF(g, func() (int, error) { panic("boom") })
	}()
	v, err := runKDF(g, func() (int, error) { return 7, nil })
	if v != 7 || err != nil {
		t.Fatalf("after a panic: %d, %v; want the slot free", v, err)
	}
	// While a derivation holds the only slot, another is refused.
	in, hold, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		_, _ = runKDF(g, func() (int, error) { close(in); <-hold; return 0, nil })
	}()
	<-in
	var re *rpcserver.Error
	if _, err := runKDF(g, func() (int, error) { return 0, nil }); !errors.As(err, &re) || re.Code != api.CodeBusy {
		t.Errorf("second derivation: %v, want code %d", err, api.CodeBusy)
	}
	close(hold)
	<-done
}
