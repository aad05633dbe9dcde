package webui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// The payment of the privacy test: an amount and a memo that must never
// reach a page, and a stake whose amount is public.
const (
	secretAmount = 7_654_321 // 7.654321 STG
	secretMemo   = "explorer-must-not-show-this-memo"
	stakeAmount  = 1_234_500_000 // 1234.5 STG
)

// TestExplorerHidesConfidentialAmounts runs a real node, commits one
// transaction that pays a known amount with a memo (confidential), stakes
// a known amount (public) and returns change (confidential), and reads
// every explorer page that shows it through the API server: the fee and
// the stake are there, the payment's amount, the change and the memo are
// not, in any spelling.
func TestExplorerHidesConfidentialAmounts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node")
	}
	tn := testnode.Start(t, testnode.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	src := chainsrc.NewComet(tn.Client(), tn.ChainID())

	// Demo account 0 spends one of its confidential genesis outputs.
	k0, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	k1, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	w := tn.Wallet(k0)
	var input *txbuilder.Received
	for _, u := range w.Unspent() {
		if _, ok := u.Output.(*ledger.ConfidentialOutput); ok {
			input = u
			break
		}
	}
	if input == nil {
		t.Fatal("demo account 0 has no confidential output")
	}
	vs, err := src.Validators(ctx)
	if err != nil || len(vs.Validators) == 0 {
		t.Fatalf("validators: %v %v", vs, err)
	}
	var target txbuilder.StakeTarget
	if err := decodeKey(vs.Validators[0].Key, &target.Validator); err != nil {
		t.Fatal(err)
	}
	if err := decodeKey(vs.Validators[0].VRFKey, &target.VRFKey); err != nil {
		t.Fatal(err)
	}
	tx, err := w.PayFrom(rand.Reader, []ledger.OutputID{input.ID}, []txbuilder.Payment{
		{To: k1.Address(), Amount: secretAmount, Memo: []byte(secretMemo)},
		{To: k0.Address(), Amount: stakeAmount, Stake: &target},
	})
	if err != nil {
		t.Fatal(err)
	}
	change := input.Amount - secretAmount - stakeAmount - tx.Fee
	if err := src.Broadcast(ctx, tx); err != nil {
		t.Fatal(err)
	}
	in := waitCommitted(ctx, t, src, tx.ID())

	base := startExplorerAPI(t, src, tn)
	var stakeOut, payOut string
	confidential := 0
	for _, o := range tx.Outputs {
		switch o := o.(type) {
		case *ledger.StakeOutput:
			stakeOut = ledger.ID(o).String()
		case *ledger.ConfidentialOutput:
			confidential++
			if payOut == "" {
				payOut = ledger.ID(o).String()
			}
		}
	}
	if stakeOut == "" || confidential != 2 {
		t.Fatalf("transaction outputs %v", tx.Outputs)
	}

	// Every spelling of the hidden values.
	forbidden := []string{secretMemo, hex.EncodeToString([]byte(secretMemo)), strings.ToUpper(hex.EncodeToString([]byte(secretMemo)))}
	for _, v := range []uint64{secretAmount, change, input.Amount} {
		forbidden = append(forbidden, stgSpellings(v)...)
	}
	txid := tx.ID().String()
	pages := map[string][]string{
		fmt.Sprintf("/explorer/block/%d", in.Height): {`class="tx-row" data-txid="` + txid + `"`, formatSTG(tx.Fee), "2 confidential, 1 stake"},
		"/explorer/tx/" + txid: {`id="tx-id" class="ex-hex">` + txid, formatSTG(tx.Fee), formatSTG(stakeAmount), `data-kind="stake"`,
			`class="output-row" data-kind="confidential" data-output="` + payOut + `"`, "hidden", input.ID.String()},
		"/explorer/output/" + payOut:   {`data-kind="confidential"`, "hidden", `href="/explorer/tx/` + txid + `"`},
		"/explorer/output/" + stakeOut: {`data-kind="stake"`, formatSTG(stakeAmount), `href="/explorer/tx/` + txid + `"`},
		"/explorer/search?q=" + txid:   {`id="tx-id" class="ex-hex">` + txid}, // redirected to the tx page
		"/explorer":                    {`data-height="` + fmt.Sprint(in.Height) + `"`, `data-status="holds"`, formatSTG(tx.Fee)},
	}
	for path, want := range pages {
		resp, body := httpGet(t, base+path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d:\n%s", path, resp.StatusCode, body)
			continue
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		for _, f := range forbidden {
			if strings.Contains(body, f) {
				t.Errorf("%s shows %q, a hidden amount or the memo", path, f)
			}
		}
		if t.Failed() {
			t.Logf("%s:\n%s", path, body)
		}
	}
	// The block's page counts the confidential outputs, never their value.
	if n := strings.Count(mustGet(t, base+"/explorer/tx/"+txid), `data-kind="confidential"`); n != 2 {
		t.Errorf("%d confidential output rows, want 2", n)
	}
	// The genesis stake's public amount, on its output page.
	var genesisStake string
	if err := tn.State.ForEachUTXO(func(u *state.UTXO) error {
		if _, ok := u.Output.(*ledger.StakeOutput); ok && u.Height == 0 {
			genesisStake = u.ID.String()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if body := mustGet(t, base+"/explorer/output/"+genesisStake); !strings.Contains(body, formatSTG(genesis.DemoStake)) || !strings.Contains(body, "by the genesis allocations") {
		t.Errorf("genesis stake page:\n%s", body)
	}
	// Validators and the award pool read from the same node.
	if body := mustGet(t, base+"/explorer/validators"); !strings.Contains(body, `data-key="`+vs.Validators[0].Key+`"`) || !strings.Contains(body, formatSTG(genesis.DemoStake+stakeAmount)) {
		t.Errorf("validators page:\n%s", body)
	}
	if body := mustGet(t, base+"/explorer/award"); !strings.Contains(body, `id="ex-award-pool"`) {
		t.Errorf("award page:\n%s", body)
	}
}

// stgSpellings are the ways a page could show v µSTG: the integer, STG
// with six decimals (with a point or a comma), and shortened to five.
func stgSpellings(v uint64) []string {
	whole, frac := v/ledger.STG, v%ledger.STG
	return []string{
		fmt.Sprint(v),
		fmt.Sprintf("%d.%06d", whole, frac),
		fmt.Sprintf("%d,%06d", whole, frac),
		fmt.Sprintf("%d.%05d", whole, frac/10),
	}
}

func decodeKey(s string, out *[32]byte) error {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return fmt.Errorf("key %q: %v", s, err)
	}
	copy(out[:], b)
	return nil
}

// waitCommitted waits until a block holds the transaction id.
func waitCommitted(ctx context.Context, t *testing.T, src *chainsrc.Comet, id ledger.TxID) *chainsrc.TxInBlock {
	t.Helper()
	for {
		in, err := src.Tx(ctx, id)
		if err == nil {
			return in
		}
		if !errors.Is(err, chainsrc.ErrNotFound) {
			t.Fatal(err)
		}
		select {
		case <-ctx.Done():
			t.Fatal("the transaction was never committed")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// startExplorerAPI serves the API with the pages and the explorer over src
// on a loopback port until the test ends, as stegosd does.
func startExplorerAPI(t *testing.T, src *chainsrc.Comet, tn *testnode.Node) string {
	t.Helper()
	e, err := NewExplorer(ExplorerConfig{Chain: src, Query: tn.Client(), Params: &tn.Params})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := rpcserver.New(rpcserver.Config{Token: testToken, Pages: Handler(Config{Explorer: e})})
	if err != nil {
		t.Fatal(err)
	}
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

// mustGet returns the body of a 200 answer to GET url.
func mustGet(t *testing.T, url string) string {
	t.Helper()
	resp, body := httpGet(t, url, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d:\n%s", url, resp.StatusCode, body)
	}
	return body
}
