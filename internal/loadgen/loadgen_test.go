package loadgen

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"testing"

	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

func TestRunRejectsBadConfig(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no nodes", Config{Chains: 1, Txs: 1, Log: log}},
		{"no chains", Config{Nodes: []string{"http://127.0.0.1:1"}, Txs: 1, Log: log}},
		{"fewer txs than chains", Config{Nodes: []string{"http://127.0.0.1:1"}, Chains: 4, Txs: 3, Log: log}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Run(context.Background(), tt.cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestRunReportsAnUnreachableNode(t *testing.T) {
	_, err := Run(context.Background(), Config{Nodes: []string{"http://127.0.0.1:1"}, Chains: 1, Txs: 1, Log: slog.New(slog.DiscardHandler)})
	if err == nil {
		t.Fatal("no error for a node that does not answer")
	}
}

// TestSpendableGenesisLeavesStakesOut checks what the load tool may spend
// of a demo account's genesis: its unspent confidential outputs, never a
// stake output (spending it would unbond a validator's stake).
func TestSpendableGenesisLeavesStakesOut(t *testing.T) {
	p, _ := params.For(params.Dev)
	owner, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	other, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	g, err := genesis.Build(rand.Reader, []genesis.Allocation{
		{To: owner.Address(), Amount: 30 * ledger.STG, Outputs: 3},
		{To: owner.Address(), Amount: genesis.DemoStake, Stake: &genesis.StakeSpec{Validator: [32]byte{1}, VRFKey: [32]byte{2}}},
		{To: other.Address(), Amount: 10 * ledger.STG},
	})
	if err != nil {
		t.Fatal(err)
	}
	outs := make([]ledger.Output, len(g.Outputs))
	for i, s := range g.Outputs {
		raw, _ := hex.DecodeString(s)
		if outs[i], err = ledger.DecodeOutput(raw); err != nil {
			t.Fatal(err)
		}
	}
	spent := ledger.ID(outs[0])
	w, err := spendableGenesis(p, owner, outs, func(id ledger.OutputID) (bool, error) { return id != spent, nil })
	if err != nil {
		t.Fatal(err)
	}
	got := w.Unspent()
	if len(got) != 2 {
		t.Fatalf("%d spendable outputs, want the 2 unspent confidential ones", len(got))
	}
	for _, u := range got {
		if _, stake := u.Output.(*ledger.StakeOutput); stake || u.ID == spent || u.Amount != 10*ledger.STG {
			t.Errorf("spendable: %s of %d µSTG (%T)", u.ID, u.Amount, u.Output)
		}
	}
}

// TestBudgetCoversTheFanOut replays prepare's arithmetic: the budget, paid
// in up to 15 outputs and split 16 ways per round until there are 2·chains
// outputs, leaves every chain enough for its transactions' fees.
func TestBudgetCoversTheFanOut(t *testing.T) {
	p, _ := params.For(params.Dev)
	tests := []struct{ chains, txs int }{
		{1, 1}, {1, 10_000}, {20, 40}, {500, 2000}, {2000, 8000}, {4000, 4000},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d chains %d txs", tt.chains, tt.txs), func(t *testing.T) {
			need := 2 * tt.chains
			b := budget(p, tt.chains, tt.txs)
			if b > genesis.DemoAmount/genesis.DemoOutputs {
				t.Fatalf("budget %d µSTG is more than one demo genesis output", b)
			}
			n := min(ledger.MaxOutputs-1, need)
			var values []uint64
			for range n {
				values = append(values, b/uint64(n))
			}
			for round := 0; len(values) < need; round++ {
				if round >= maxFanOutRounds {
					t.Fatalf("%d outputs after %d rounds", len(values), round)
				}
				slices.SortFunc(values, func(a, b uint64) int { return cmp.Compare(b, a) })
				have := len(values)
				var next []uint64
				for _, v := range values {
					if have >= need {
						next = append(next, v)
						continue
					}
					n := min(ledger.MaxOutputs-1, need-have)
					each, err := splitAmount(&p, v, n)
					if err != nil {
						t.Fatal(err)
					}
					for range n {
						next = append(next, each)
					}
					next = append(next, v-uint64(n)*each-txbuilder.MinFee(&p, 1, n+1))
					have += n
				}
				values = next
			}
			slices.SortFunc(values, func(a, b uint64) int { return cmp.Compare(b, a) })
			per := tt.txs/tt.chains + 1
			chainNeeds := uint64(per)*txbuilder.MinFee(&p, 2, 2) + 2000
			for c := range tt.chains {
				if got := values[2*c] + values[2*c+1]; got < chainNeeds {
					t.Fatalf("chain %d gets %d µSTG, needs %d", c, got, chainNeeds)
				}
			}
		})
	}
}
