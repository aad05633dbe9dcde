package testnode

import (
	"context"
	"testing"

	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/state"
)

func TestStartAndRestart(t *testing.T) {
	tn := Start(t, Options{})
	ctx := context.Background()
	st, err := tn.Client().Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.NodeInfo.Network != tn.ChainID() || tn.ChainID() != "stegos-dev" {
		t.Fatalf("chain id %q, node runs %q", tn.ChainID(), st.NodeInfo.Network)
	}
	if tn.RPCAddr != "" || tn.RPCURL() != "" {
		t.Fatalf("RPC socket %q without Options.RPC", tn.RPCAddr)
	}
	outputs := 0
	if err := tn.State.ForEachUTXO(func(*state.UTXO) error { outputs++; return nil }); err != nil {
		t.Fatal(err)
	}
	if want := genesis.DemoAccounts*genesis.DemoOutputs + 1; outputs != want {
		t.Fatalf("%d genesis outputs, want %d (the demo accounts and the validator's stake)", outputs, want)
	}
	supply := tn.State.Meta().Supply

	// The chain runs stegosd's consensus parameters (8 MiB blocks, not
	// CometBFT's default 21 MiB).
	first := int64(1)
	cp, err := tn.Client().ConsensusParams(ctx, &first)
	if err != nil {
		t.Fatal(err)
	}
	if want := chainnode.ConsensusParams(tn.Params).Block.MaxBytes; cp.ConsensusParams.Block.MaxBytes != want || want != tn.Params.MaxBlockBytes {
		t.Fatalf("block max bytes %d, want %d", cp.ConsensusParams.Block.MaxBytes, tn.Params.MaxBlockBytes)
	}

	// Blocks keep coming, and a restart resumes the same chain.
	h := tn.State.Meta().Height
	tn.WaitForHeight(h + 2)
	before := tn.State.Meta().Height
	tn.Restart()
	after := tn.State.Meta()
	if after.Height <= before || after.Supply != supply {
		t.Fatalf("after restart: height %d (was %d), supply %d (was %d)", after.Height, before, after.Supply, supply)
	}
	if got := tn.Node.Height(); got < after.Height {
		t.Fatalf("block store at %d, state at %d", got, after.Height)
	}
	tn.Stop()
	tn.Stop() // twice is fine; Cleanup calls it a third time
}
