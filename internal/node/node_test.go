package node

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cometbft/cometbft/abci/example/kvstore"
)

// startNode builds and starts a node with a fresh in-memory kvstore app.
func startNode(t *testing.T, cfg Config) *Node {
	t.Helper()
	n, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, cfg.Moniker))
	if err != nil {
		t.Fatalf("New(%s): %v", cfg.Home, err)
	}
	t.Cleanup(func() { _ = n.Stop() })
	if err := n.Start(context.Background()); err != nil {
		t.Fatalf("Start(%s): %v", cfg.Home, err)
	}
	return n
}

func TestSingleValidatorCommitsAndResumes(t *testing.T) {
	cfg := makeNetwork(t, 1)[0]
	ctx := waitCtx(t, 60*time.Second)

	n := startNode(t, cfg)
	if !n.IsValidator() {
		t.Error("a genesis validator at height 0 is not a validator")
	}
	if err := n.WaitForHeight(ctx, 3); err != nil {
		t.Fatal(err)
	}
	res, err := n.Client().BroadcastTxCommit(ctx, kvstore.NewTx("name", "satoshi"))
	if err != nil {
		t.Fatalf("BroadcastTxCommit: %v", err)
	}
	if res.CheckTx.IsErr() || res.TxResult.IsErr() || res.Height == 0 {
		t.Fatalf("tx not included: %+v", res)
	}
	if !n.IsValidator() || n.ChainID() != "stegos-test" {
		t.Errorf("IsValidator %v, ChainID %q", n.IsValidator(), n.ChainID())
	}
	if err := n.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	stopped := n.Height()
	if stopped < res.Height {
		t.Fatalf("stopped at %d, below the tx height %d", stopped, res.Height)
	}

	// A fresh in-memory app: CometBFT must replay every block into it, so the
	// transaction is there again, and the chain goes on from where it was.
	n2 := startNode(t, cfg)
	if h := n2.Height(); h < stopped {
		t.Fatalf("restarted at height %d, below %d", h, stopped)
	}
	if err := n2.WaitForHeight(ctx, stopped+2); err != nil {
		t.Fatal(err)
	}
	q, err := n2.Client().ABCIQuery(ctx, "", []byte("name"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(q.Response.Value, []byte("satoshi")) {
		t.Errorf("after restart name = %q, want satoshi", q.Response.Value)
	}
}

func TestFourValidatorsSurviveAStoppedOne(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-validator network: skipped with -short")
	}
	cfgs := makeNetwork(t, 4)
	ctx := waitCtx(t, 90*time.Second)
	nodes := make([]*Node, len(cfgs))
	for i, cfg := range cfgs {
		nodes[i] = startNode(t, cfg)
	}
	for _, n := range nodes {
		if err := n.WaitForHeight(ctx, 3); err != nil {
			t.Fatal(err)
		}
	}

	// Three of four validators hold more than 2/3 of the power.
	if err := nodes[3].Stop(); err != nil {
		t.Fatal(err)
	}
	down := nodes[0].Height()
	for _, n := range nodes[:3] {
		if err := n.WaitForHeight(ctx, down+3); err != nil {
			t.Fatalf("the three left stalled: %v", err)
		}
	}

	// Restarted on its home in this process, it catches up with the others.
	// (Without gatedApp the peers would keep a connection accepted during its
	// shutdown and refuse it as a duplicate for minutes.)
	nodes[3] = startNode(t, cfgs[3])
	target := nodes[0].Height() + 2
	for _, n := range nodes {
		if err := n.WaitForHeight(ctx, target); err != nil {
			t.Fatalf("catch-up: %v", err)
		}
	}

	// Everyone agrees on the block at the target height.
	var want []byte
	for i, n := range nodes {
		b, err := n.Client().Block(ctx, &target)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = b.BlockID.Hash
		} else if !bytes.Equal(b.BlockID.Hash, want) {
			t.Errorf("node%d has block %X at %d, node0 %X", i, b.BlockID.Hash, target, want)
		}
	}
}

func TestRunWithMemDB(t *testing.T) {
	cfg := makeNetwork(t, 1)[0]
	cfg.DBBackend = "memdb"
	n, err := New(cfg, kvstore.NewInMemoryApplication(), testLogger(t, "memdb"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	if err := n.WaitForHeight(waitCtx(t, 30*time.Second), 2); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(HomeFiles(cfg.Home).DataDir, "blockstore.db")); !os.IsNotExist(err) {
		t.Errorf("memdb node wrote a block store to disk (%v)", err)
	}
	if err := n.Start(context.Background()); err == nil {
		t.Error("a stopped node started again")
	}
}
