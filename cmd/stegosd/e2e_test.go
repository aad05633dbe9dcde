package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/cli"
)

// wallet is the stegos CLI pointed at one API.
type walletCLI struct {
	t         *testing.T
	api       string
	tokenFile string
}

// run runs the CLI with args and the environment env (password etc.),
// stdin as given, and returns stdout, stderr and the exit code.
func (w walletCLI) run(stdin string, env map[string]string, args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	vars := map[string]string{"STEGOS_API": w.api, "STEGOS_TOKEN_FILE": w.tokenFile}
	for k, v := range env {
		vars[k] = v
	}
	code := cli.Run(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		LookupEnv:    func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		UserHome:     func() (string, error) { return w.t.TempDir(), nil },
		PollInterval: 100 * time.Millisecond,
		Location:     time.UTC,
	})
	return out.String(), errOut.String(), code
}

// json runs the CLI with --json and decodes its output into v.
func (w walletCLI) json(v any, env map[string]string, args ...string) {
	w.t.Helper()
	out, errOut, code := w.run("", env, append([]string{"--json"}, args...)...)
	if code != 0 {
		w.t.Fatalf("stegos %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		w.t.Fatalf("stegos %s: %v in %q", strings.Join(args, " "), err, out)
	}
}

// until polls the CLI until ok accepts the decoded output.
func until[T any](w walletCLI, what string, env map[string]string, ok func(T) bool, args ...string) T {
	w.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		out, errOut, code := w.run("", env, append([]string{"--json"}, args...)...)
		var v T
		if code == 0 && json.Unmarshal([]byte(out), &v) == nil && ok(v) {
			return v
		}
		last = out + errOut
		time.Sleep(50 * time.Millisecond)
	}
	w.t.Fatalf("%s: gave up; last output:\n%s", what, last)
	var zero T
	return zero
}

// TestEndToEndCLI drives the product the way a user does: stegosd dev,
// then the stegos CLI over the API. Account A is paid from the demo
// account (pending, then available), pays back with a memo, both
// histories show it, a payment proof verifies, the daemon restarts with
// everything in place, A is recovered from its phrase in a second wallet
// following the node remotely, and a view-only import sees A's funds and
// cannot send.
func TestEndToEndCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a dev chain")
	}
	te := newTestEnv(t, nil)
	home := filepath.Join(t.TempDir(), "dev")
	ports, rpcAddr := portFlags(t)
	apiAddr := ports[len(ports)-1]
	// 2 s blocks: long enough to see a payment pending in the mempool.
	args := append([]string{"dev", "--home", home, "--consensus-timeout-commit", "2s"}, ports...)
	node := te.start(args...)
	w := walletCLI{t: t, api: "http://" + apiAddr, tokenFile: filepath.Join(home, "api.token")}
	until(w, "the API answers", nil, func(s map[string]any) bool { return s["node"] != nil }, "status")
	until(w, "demo synced", nil, func(s api.SyncStatus) bool { return s.Synced }, "--account", "demo", "wait-sync")

	pwA := map[string]string{"STEGOS_PASSWORD": "correct horse"}
	var created api.CreateAccountResult
	w.json(&created, pwA, "account", "create", "alice")
	if len(strings.Fields(created.Phrase)) != 24 {
		t.Fatalf("phrase %q", created.Phrase)
	}
	alice := created.Account.Address
	var demoAddr api.AddressResult
	w.json(&demoAddr, nil, "--account", "demo", "address")

	// Pay A: pending first, then available; the fee is what was estimated.
	var est api.FeeEstimate
	w.json(&est, nil, "--account", "demo", "fee", "2.5")
	var paid api.SendResult
	w.json(&paid, nil, "--account", "demo", "pay", alice, "2.5", "--memo", "hello alice")
	if paid.Fee != est.Fee {
		t.Fatalf("paid a fee of %d, estimated %d", paid.Fee, est.Fee)
	}
	until(w, "alice sees the payment pending", nil, func(b api.Balance) bool { return b.Pending == 2_500_000 && b.Available == 0 }, "--account", "alice", "balance")
	until(w, "alice sees it available", nil, func(b api.Balance) bool { return b.Available == 2_500_000 && b.Pending == 0 }, "--account", "alice", "balance")

	// A pays back with a memo and waits for the block.
	var back api.SendResult
	w.json(&back, nil, "--account", "alice", "pay", demoAddr.Address, "1", "--memo", "thanks, demo", "--wait")
	aliceBal := until(w, "alice settled", nil, func(b api.Balance) bool { return b.Pending == 0 && b.Locked == 0 }, "--account", "alice", "balance")
	if want := uint64(1_500_000) - back.Fee; aliceBal.Available != want {
		t.Fatalf("alice has %d available, want %d", aliceBal.Available, want)
	}

	// Both histories show amounts and memos.
	hist := func(w walletCLI, acct string) []api.HistoryEntry {
		var h []api.HistoryEntry
		w.json(&h, nil, "--account", acct, "history")
		return h
	}
	wantEntry := func(h []api.HistoryEntry, txid, dir string, amount uint64, memo string) {
		t.Helper()
		for _, e := range h {
			if e.TxID != txid {
				continue
			}
			got := e.Received
			if dir == "out" {
				got = e.Sent
			}
			if e.Direction != dir || got != amount || len(e.Payments) == 0 || e.Payments[0].Memo != memo || e.Status != api.StatusConfirmed {
				t.Fatalf("history entry %+v, want %s %d %q confirmed", e, dir, amount, memo)
			}
			return
		}
		t.Fatalf("no history entry for %s in %+v", txid, h)
	}
	aliceHist := hist(w, "alice")
	wantEntry(aliceHist, paid.TxID, "in", 2_500_000, "hello alice")
	wantEntry(aliceHist, back.TxID, "out", 1_000_000, "thanks, demo")
	demoHist := hist(w, "demo")
	wantEntry(demoHist, paid.TxID, "out", 2_500_000, "hello alice")
	wantEntry(demoHist, back.TxID, "in", 1_000_000, "thanks, demo")
	out, _, code := w.run("", nil, "--account", "alice", "history")
	if code != 0 || !strings.Contains(out, "thanks, demo") || !strings.Contains(out, "2.5") {
		t.Fatalf("human history:\n%s", out)
	}

	// The demo account proves it paid A; anyone can check it.
	var proof api.PaymentProof
	w.json(&proof, nil, "--account", "demo", "proof", "create", paid.TxID)
	var check api.PaymentProofCheck
	w.json(&check, nil, "proof", "verify", proof.Proof)
	if !check.Valid || check.Amount != 2_500_000 || check.Address != alice || check.Memo != "hello alice" {
		t.Fatalf("proof check %+v", check)
	}

	// Restart the daemon: all still there once A is unlocked.
	if code := node.stop(t); code != 0 {
		t.Fatalf("stegosd dev exited %d:\n%s", code, te.errOut)
	}
	node = te.start(args...)
	defer func() { node.stop(t) }()
	until(w, "the API answers again", nil, func(s map[string]any) bool { return s["node"] != nil }, "status")
	if _, errOut, code := w.run("", nil, "--account", "alice", "balance"); code == 0 || !strings.Contains(errOut, "unlock") {
		t.Fatalf("balance of a locked account: exit %d, %s", code, errOut)
	}
	if _, _, code := w.run("", map[string]string{"STEGOS_PASSWORD": "wrong"}, "--account", "alice", "account", "unlock"); code != 1 {
		t.Fatalf("unlock with a wrong password exited %d", code)
	}
	var unlocked api.Account
	w.json(&unlocked, pwA, "--account", "alice", "account", "unlock")
	if b := until(w, "alice after restart", nil, func(b api.Balance) bool { return true }, "--account", "alice", "balance"); b.Available != aliceBal.Available {
		t.Fatalf("after restart alice has %+v, had %+v", b, aliceBal)
	}
	if h := hist(w, "alice"); len(h) != len(aliceHist) {
		t.Fatalf("after restart alice history %+v, had %+v", h, aliceHist)
	}
	var vk api.ViewKeyResult
	w.json(&vk, pwA, "--account", "alice", "account", "view-key")

	// A second wallet, following the node over its RPC: recover A.
	home2 := filepath.Join(t.TempDir(), "wallet2")
	api2 := freeAddr(t)
	te2 := newTestEnv(t, nil)
	remote := te2.start("wallet", "--home", home2, "--node", "http://"+rpcAddr, "--api-listen", api2)
	defer func() { remote.stop(t) }()
	w2 := walletCLI{t: t, api: "http://" + api2, tokenFile: filepath.Join(home2, "api.token")}
	until(w2, "the second API answers", nil, func(s map[string]any) bool { return s["node"] != nil }, "status")
	if out, errOut, code := w2.run(created.Phrase+"\n", map[string]string{"STEGOS_PASSWORD": "another"}, "account", "recover", "alice"); code != 0 {
		t.Fatalf("recover: exit %d\n%s%s\n%s", code, out, errOut, te2.errOut)
	}
	if b := until(w2, "recovered alice", nil, func(b api.Balance) bool { return true }, "--account", "alice", "balance"); b.Available != aliceBal.Available {
		t.Fatalf("recovered alice has %+v, want %+v", b, aliceBal)
	}
	h2 := hist(w2, "alice")
	wantEntry(h2, paid.TxID, "in", 2_500_000, "hello alice")
	wantEntry(h2, back.TxID, "out", 1_000_000, "thanks, demo")
	if len(h2) != len(aliceHist) {
		t.Fatalf("recovered history %+v, want %+v", h2, aliceHist)
	}

	// A view-only import sees A's funds and cannot send.
	if out, errOut, code := w2.run(vk.ViewKey+"\n", map[string]string{"STEGOS_PASSWORD": "watch"}, "account", "import-view", "watch", "--address", alice); code != 0 {
		t.Fatalf("import-view: exit %d\n%s%s", code, out, errOut)
	}
	if b := until(w2, "view-only balance", nil, func(b api.Balance) bool { return true }, "--account", "watch", "balance"); b.Available != aliceBal.Available {
		t.Fatalf("view-only balance %+v, want %d", b, aliceBal.Available)
	}
	out, errOut, code := w2.run("", nil, "--account", "watch", "pay", demoAddr.Address, "0.1")
	if code != 1 || !strings.Contains(out+errOut, "view-only") {
		t.Fatalf("pay from a view-only account: exit %d\n%s%s", code, out, errOut)
	}
}
