package integration

import (
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/loadgen"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// TestLoadgen runs the load tool against a single validator over its real
// RPC socket, funded as on stegosd dev by the demo account that owns the
// validator's genesis stake: fan-out, prebuilt chains, every transaction
// committed. The stake stays bonded (the validator keeps its power and its
// award ticket) and the demo account makes exactly one payment: the load
// moves between the tool's own outputs.
func TestLoadgen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node and builds range proofs")
	}
	keys, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	cfgs := networkWith(t, netSpec{
		validators: 1,
		allocs:     []genesis.Allocation{{To: keys.Address(), Amount: 1000 * ledger.STG, Outputs: 2}},
		stakes:     []uint64{genesis.DemoStake}, stakeOwner: keys.Address(),
	})
	cfgs[0].RPCListen = freeAddr(t)
	v := start(t, cfgs[0])
	ctx := waitCtx(t, 3*time.Minute)
	if err := v.n.WaitForHeight(ctx, 1); err != nil {
		t.Fatal(err)
	}
	before := walletAt(t, v, keys).Unspent()
	stake, err := node.LoadProposerKeys(cfgs[0].Home)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := loadgen.Run(ctx, loadgen.Config{
		Nodes: []string{"http://" + cfgs[0].RPCListen}, Txs: 40, Chains: 20, Workers: 2, Account: 0, Log: logger(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Committed != 40 || rep.Rejected != 0 || rep.TPS <= 0 || rep.P50 <= 0 || rep.TxBytes != txbuilder.Size(2, 2) {
		t.Fatalf("report: %+v", rep)
	}

	after := walletAt(t, v, keys).Unspent()
	kept := map[ledger.OutputID]bool{}
	for _, u := range after {
		kept[u.ID] = true
	}
	var spent []*txbuilder.Received
	for _, u := range before {
		if !kept[u.ID] {
			spent = append(spent, u)
		}
	}
	for _, u := range spent {
		if _, isStake := u.Output.(*ledger.StakeOutput); isStake {
			t.Errorf("the load tool spent the genesis stake output %s (%d µSTG)", u.ID, u.Amount)
		}
	}
	if len(spent) != 1 || len(after) > len(before) {
		t.Errorf("the demo account went from %d to %d outputs, %d of them spent: want one funding payment", len(before), len(after), len(spent))
	}
	r, ok, err := v.st.Validator(stake.Consensus)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || r.Stake != genesis.DemoStake {
		t.Errorf("validator stake after the run: %+v, want %d µSTG", r, genesis.DemoStake)
	}
	if _, err := v.st.Audit(); err != nil {
		t.Fatal(err)
	}
}
