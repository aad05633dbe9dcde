package genesis

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

func TestDemoAccountsAreFundedAndOpenable(t *testing.T) {
	allocs, err := DemoAllocations()
	if err != nil {
		t.Fatal(err)
	}
	g, err := Build(rand.Reader, allocs)
	if err != nil {
		t.Fatal(err)
	}
	if g.Supply != DemoAccounts*DemoAmount || len(g.Outputs) != DemoAccounts*DemoOutputs {
		t.Fatalf("supply %d over %d outputs", g.Supply, len(g.Outputs))
	}
	js, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := app.ParseGenesis(js)
	if err != nil || len(raw.Outputs) != len(g.Outputs) {
		t.Fatalf("genesis does not parse: %v", err)
	}
	if err := raw.VerifyRangeProofs(); err != nil {
		t.Fatalf("genesis range proofs: %v", err)
	}
	// Each demo account finds exactly its outputs and their amounts.
	for i := uint32(0); i < DemoAccounts; i++ {
		k, err := DemoKeys(i)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		var total uint64
		for idx, s := range g.Outputs {
			b, _ := hex.DecodeString(s)
			o, err := ledger.DecodeOutput(b)
			if err != nil {
				t.Fatal(err)
			}
			rc, ok, err := txbuilder.Receive(k, o, uint32(idx))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				found++
				total += rc.Amount
			}
		}
		if found != DemoOutputs || total != DemoAmount {
			t.Fatalf("account %d found %d outputs worth %d", i, found, total)
		}
	}
	// The same phrase always gives the same addresses.
	a, _ := DemoKeys(0)
	b, _ := DemoKeys(0)
	if a.Address().String(params.Dev) != b.Address().String(params.Dev) {
		t.Fatal("demo keys are not deterministic")
	}
}

func TestBuildRejects(t *testing.T) {
	k, err := DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(rand.Reader, []Allocation{{To: k.Address(), Amount: 3, Outputs: 4}}); err == nil {
		t.Fatal("3 µSTG split into 4 outputs accepted")
	}
	if _, err := Build(rand.Reader, []Allocation{{To: k.Address(), Amount: ^uint64(0)}, {To: k.Address(), Amount: 1}}); err == nil {
		t.Fatal("overflowing supply accepted")
	}
}
