package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
)

// TestDevServesWebOnItsOwnAddress: with api.web_listen, `stegosd dev` logs
// the login link for the pages' own address; the wallet, the explorer and
// the API answer there, and the API's address points to it.
func TestDevServesWebOnItsOwnAddress(t *testing.T) {
	te := newTestEnv(t, nil)
	home := filepath.Join(t.TempDir(), "dev")
	flags, rpc := portFlags(t)
	api := flags[len(flags)-1]
	web := freeAddr(t)
	for slices.Contains(flags, web) {
		web = freeAddr(t)
	}
	r := te.start(append([]string{"dev", "--home", home, "--consensus-timeout-commit", "100ms", "--api-web-listen", web}, flags...)...)
	waitHeight(t, rpc, 2, r.done, te.errOut)
	token := readToken(t, home)
	waitLog(t, te, "web wallet: open this link")
	contains(t, "dev logs", te.errOut.String(), "http://"+web+"/#token="+token, "explorer=http://"+web+"/explorer")

	status, body := fetch(t, "GET", "http://"+web+"/", "")
	if status != 200 || !strings.Contains(body, "<html") {
		t.Errorf("wallet on its own address: %d", status)
	}
	if status, body = fetch(t, "GET", "http://"+web+"/explorer", ""); status != 200 || !strings.Contains(body, `id="explorer-search"`) {
		t.Errorf("explorer: %d", status)
	}
	if status, body = fetch(t, "GET", "http://"+api+"/explorer", ""); status != 404 || !strings.Contains(body, "http://"+web+"/") {
		t.Errorf("the API's address: %d %q", status, body)
	}
	// The API answers on the pages' address too (the wallet's calls).
	if status, body = fetch(t, "POST", "http://"+web+"/", token); status != 200 || !strings.Contains(body, `"chainId":"stegos-dev"`) {
		t.Errorf("node.status on the web address: %d %s", status, body)
	}
	if code := r.stop(t); code != 0 {
		t.Fatalf("dev exited %d: %s", code, te.errOut)
	}
}

// TestStartWithoutPages: api.web = false leaves the API without pages, and
// a node that is not a dev chain never logs its token.
func TestStartWithoutPages(t *testing.T) {
	te := newTestEnv(t, nil)
	home := initDev(t, te)
	flags, rpc := portFlags(t)
	api := flags[len(flags)-1]
	r := te.start(append([]string{"start", "--home", home, "--consensus-timeout-commit", "100ms", "--api-web=false"}, flags...)...)
	waitHeight(t, rpc, 2, r.done, te.errOut)
	waitLog(t, te, "web wallet and explorer disabled (api.web = false)")
	for _, path := range []string{"/", "/explorer"} {
		if status, _ := fetch(t, "GET", "http://"+api+path, ""); status != http.StatusMethodNotAllowed {
			t.Errorf("GET %s with the pages off: %d", path, status)
		}
	}
	if status, _ := fetch(t, "POST", "http://"+api+"/", readToken(t, home)); status != 200 {
		t.Errorf("the API with the pages off: %d", status)
	}
	if code := r.stop(t); code != 0 {
		t.Fatalf("start exited %d: %s", code, te.errOut)
	}
	if logs := te.errOut.String(); strings.Contains(logs, readToken(t, home)) || strings.Contains(logs, "#token=") {
		t.Fatalf("a node that is not a dev chain logged its token:\n%s", logs)
	}
}

// TestStartAPILogsTheLoginLink: on the API's address (no api.web_listen),
// a dev node logs the login link with its token, any other node only where
// the token file is; the explorer answers, and without the node's query
// (stegosd wallet) output pages say only whether an output is unspent.
func TestStartAPILogsTheLoginLink(t *testing.T) {
	tn := testnode.Start(t, testnode.Options{})
	src := chainsrc.NewComet(tn.Client(), tn.ChainID())
	var genesisStake string
	if err := tn.State.ForEachUTXO(func(u *state.UTXO) error {
		if _, ok := u.Output.(*ledger.StakeOutput); ok {
			genesisStake = u.ID.String()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, dev := range []bool{true, false} {
		home := t.TempDir()
		listen := freeAddr(t)
		logs := &syncBuffer{}
		svc, err := startAPI(context.Background(), home, listen, src, slog.New(slog.NewTextHandler(logs, nil)), dev)
		if err != nil {
			t.Fatal(err)
		}
		token := readToken(t, home)
		if dev {
			contains(t, "dev logs", logs.String(), `url="http://`+listen+`/#token=`+token+`"`, "explorer=http://"+listen+"/explorer")
		} else {
			contains(t, "logs", logs.String(), "paste the token of "+filepath.Join(home, rpcserver.TokenFile), "explorer=http://"+listen+"/explorer")
			if strings.Contains(logs.String(), token) {
				t.Errorf("the token was logged:\n%s", logs)
			}
		}
		if status, body := fetch(t, "GET", "http://"+listen+"/explorer/output/"+genesisStake, ""); status != 200 || !strings.Contains(body, "only whether an output is unspent") {
			t.Errorf("output page without the node's query: %d\n%s", status, body)
		}
		if err := svc.stop(); err != nil {
			t.Fatal(err)
		}
	}
}

// readToken returns the API token of home.
func readToken(t *testing.T, home string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(home, rpcserver.TokenFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// waitLog waits until the logs hold s.
func waitLog(t *testing.T, te *testEnv, s string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(te.errOut.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("logs lack %q:\n%s", s, te.errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fetch sends a GET, or with a token a node.status POST, and returns the
// status and the body.
func fetch(t *testing.T, method, url, token string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var body io.Reader
	if method == "POST" {
		body = strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"node.status"}`)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}
