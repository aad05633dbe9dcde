package integration

import (
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/loadgen"
	"github.com/stegos-go/stegos/ledger"
)

// TestLoadgen runs the load tool against a single validator over its real
// RPC socket: fan-out, prebuilt chains, every transaction committed.
func TestLoadgen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node and builds range proofs")
	}
	keys, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	cfgs := network(t, 1, []genesis.Allocation{{To: keys.Address(), Amount: 1000 * ledger.STG, Outputs: 2}})
	cfgs[0].RPCListen = freeAddr(t)
	v := start(t, cfgs[0])
	ctx := waitCtx(t, 3*time.Minute)
	if err := v.n.WaitForHeight(ctx, 1); err != nil {
		t.Fatal(err)
	}
	rep, err := loadgen.Run(ctx, loadgen.Config{
		Nodes: []string{"http://" + cfgs[0].RPCListen}, Txs: 40, Chains: 20, Workers: 2, Log: logger(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Committed != 40 || rep.Rejected != 0 || rep.TPS <= 0 || rep.P50 <= 0 || rep.TxBytes != 2134 {
		t.Fatalf("report: %+v", rep)
	}
	if _, err := v.st.Audit(); err != nil {
		t.Fatal(err)
	}
}
