package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/ledger"
)

// Genesis outputs pass the checks block outputs pass: a confidential output
// without a range proof, or with one for another amount, is refused.
// (Before: genesis confidential outputs carried no range proofs at all.)
func TestGenesisRangeProofs(t *testing.T) {
	k := newKeys(t)
	out, r := confidentialOutput(t, k.Address(), 0, 5*ledger.STG)
	good, err := ProveGenesisOutput(rand.Reader, 0, 5*ledger.STG, r)
	if err != nil {
		t.Fatal(err)
	}
	// A proof of a different (e.g. negative-wrapping) amount with the same blinding.
	other, err := ProveGenesisOutput(rand.Reader, 0, 6*ledger.STG, r)
	if err != nil {
		t.Fatal(err)
	}
	// A proof made for another index.
	moved, err := ProveGenesisOutput(rand.Reader, 1, 5*ledger.STG, r)
	if err != nil {
		t.Fatal(err)
	}
	enc := hex.EncodeToString(ledger.EncodeOutput(out))
	for _, tc := range []struct {
		name   string
		proofs []string
		want   string // "" = accepted
	}{
		{"valid", []string{good}, ""},
		{"no slot", nil, "range proof slots"},
		{"missing", []string{""}, "has no range proof"},
		{"other amount", []string{other}, "bad range proof"},
		{"other index", []string{moved}, "bad range proof"},
		{"not hex", []string{"zz"}, "range proof"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := Genesis{Outputs: []string{enc}, RangeProofs: tc.proofs, Supply: 5 * ledger.STG, Gamma: hex.EncodeToString(r.Bytes())}
			js, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			a := openApp(t, t.TempDir())
			_, err = a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: a.params.ChainID, AppStateBytes: js})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want %q", err, tc.want)
			case tc.want != "" && a.st.Meta() != nil:
				t.Fatal("a refused genesis left a state behind")
			}
		})
	}
}

// FuzzParseGenesis: any app_state bytes give a genesis or an error, never
// a panic; what parses has one proof slot per output.
func FuzzParseGenesis(f *testing.F) {
	f.Add([]byte(`{"outputs":[],"range_proofs":[],"supply":0,"gamma":"` + hex.EncodeToString(make([]byte, 32)) + `"}`))
	f.Add([]byte(`{"outputs":["00"],"range_proofs":[""],"supply":1,"gamma":"00"}`))
	f.Add([]byte(`{"outputs":["01"],"range_proofs":["zz"]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := ParseGenesis(b)
		if err != nil {
			return
		}
		if len(g.outputs) != len(g.Outputs) || len(g.proofs) != len(g.Outputs) {
			t.Fatalf("%d outputs, %d decoded, %d proofs", len(g.Outputs), len(g.outputs), len(g.proofs))
		}
		_ = g.VerifyRangeProofs()
	})
}

// A genesis stake passes the stake checks a block's stake passes (before:
// genesis stakes skipped them, so a small-order validator key could bond).
func TestGenesisStakesChecked(t *testing.T) {
	k := newKeys(t)
	out, _ := confidentialOutput(t, k.Address(), 0, ledger.STG) // for its recipient fields
	so := &ledger.StakeOutput{Recipient: out.Recipient, Amount: 2000 * ledger.STG}
	// Validator and VRF keys left as the identity's encoding: small order.
	so.Validator[0], so.VRFKey[0] = 1, 1
	g := Genesis{Outputs: []string{hex.EncodeToString(ledger.EncodeOutput(so))}, RangeProofs: []string{""}, Supply: so.Amount, Gamma: hex.EncodeToString(make([]byte, 32))}
	js, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	a := openApp(t, t.TempDir())
	_, err = a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: a.params.ChainID, AppStateBytes: js})
	if ledger.KindOf(err) != ledger.KindBadOutput {
		t.Fatalf("genesis with a small-order validator key: %v, want bad output", err)
	}
	if a.st.Meta() != nil {
		t.Fatal("a refused genesis left a state behind")
	}
}
