package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// Pruning and state sync as the test runs them: payloads and blocks kept
// for 20 blocks, a snapshot every 10, four kept, blocks about every half
// second. A joiner needs the blocks (and headers) after the snapshot it
// restores, which its server keeps from the oldest snapshot it serves on:
// four snapshots cover the 5 s of snapshot discovery and the light
// client's checks with room to spare.
const (
	ssRetention = 20
	ssInterval  = 10
	ssKeep      = 4
	ssCommit    = 400 * time.Millisecond
)

func shortRetention(p *params.Params) { p.PayloadRetention = ssRetention }

// startWith is start with the snapshot policy and tuned parameters of this
// file's chain.
func startWith(t *testing.T, cfg node.Config) *validator {
	t.Helper()
	cn, err := chainnode.Open(chainnode.Config{
		Node:       cfg,
		Logger:     ssLogger(t).With("node", cfg.Moniker),
		Snapshots:  app.SnapshotConfig{Interval: ssInterval, Keep: ssKeep},
		TuneParams: shortRetention,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := cn.Start(context.Background()); err != nil {
		cn.Stop()
		t.Fatal(err)
	}
	v := &validator{cfg: cfg, cn: cn, n: cn.Node, st: cn.State, app: cn.App, name: cfg.Moniker}
	t.Cleanup(v.stop)
	return v
}

// ssLogger is logger, with CometBFT's own lines (state sync's progress)
// when STEGOS_TEST_LOG=debug.
func ssLogger(t *testing.T) *slog.Logger {
	if os.Getenv("STEGOS_TEST_LOG") == "debug" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return logger(t)
}

// TestStateSyncJoinsAPrunedChain runs one validator that prunes its blocks
// (a 20-block retention), makes payments until block 1 is gone from its
// block store, then starts a second node with state sync pointed at the
// validator's RPC: it restores the latest snapshot (every chunk verified
// against the app hash the light client checked), follows the tip, and
// agrees with the validator on the app hash.
func TestStateSyncJoinsAPrunedChain(t *testing.T) {
	if testing.Short() {
		t.Skip("two nodes and a state sync")
	}
	p, _ := params.For(params.Dev)
	shortRetention(&p)
	aliceKeys, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	bobKeys, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	cfgs := networkWith(t, netSpec{validators: 1, extra: 1, allocs: []genesis.Allocation{
		{To: aliceKeys.Address(), Amount: 1000 * ledger.STG, Outputs: 4},
		{To: bobKeys.Address(), Amount: 10 * ledger.STG, Outputs: 1},
	}})
	cfgs[0].RPCListen = freeAddr(t)
	for i := range cfgs {
		cfgs[i].Timeouts.Commit = ssCommit
		cfgs[i].CompactEvery = 5 // the block store compacted after every 5 pruned blocks
	}
	val := startWith(t, cfgs[0])
	ctx := waitCtx(t, 90*time.Second)
	if err := val.n.WaitForHeight(ctx, 2); err != nil {
		t.Fatal(err)
	}

	// A few payments, scanned as they land (blocks do not stay).
	alice, bob := devwallet.New(p, aliceKeys), devwallet.New(p, bobKeys)
	if err := val.st.ForEachUTXO(func(u *state.UTXO) error {
		for _, w := range []*devwallet.Wallet{alice, bob} {
			if _, err := w.AddOutput(u.Output, u.Index); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	scanned := int64(0)
	for i := 0; i < 4; i++ {
		tx, err := alice.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: ledger.STG, Memo: []byte("before the snapshot")}})
		if err != nil {
			t.Fatal(err)
		}
		h := submit(t, ctx, val, tx.Encode())
		scanBlocks(t, ctx, val, scanned+1, h, alice, bob)
		scanned = h
	}

	// Run until block 1 is pruned and the RPC no longer serves it.
	one := int64(1)
	for {
		if _, err := val.n.Client().Block(ctx, &one); err != nil && val.n.BlockStoreBase() > 1 {
			t.Logf("validator at height %d prunes below %d: block 1: %v", val.n.Height(), val.n.BlockStoreBase(), err)
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("block 1 never pruned (height %d, base %d)", val.n.Height(), val.n.BlockStoreBase())
		}
		time.Sleep(100 * time.Millisecond)
	}
	snaps := val.app.Snapshots()
	if len(snaps) == 0 {
		t.Fatal("the validator serves no snapshot")
	}
	last := snaps[len(snaps)-1]
	t.Logf("validator serves %d snapshots; latest at height %d: %d chunks", len(snaps), last.Height, last.Chunks)
	var snapBytes int64
	entries, _ := os.ReadDir(filepath.Join(chainnode.SnapshotDir(val.cfg.Home), strconv.FormatInt(last.Height, 10)))
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			snapBytes += fi.Size()
		}
	}
	t.Logf("latest snapshot on disk: %d bytes", snapBytes)

	// The joiner: an empty home, state sync from the validator's RPC.
	cfgs[1].StateSync = node.StateSyncConfig{
		Enable:        true,
		RPCServers:    []string{cfgs[0].RPCListen},
		DiscoveryTime: 5 * time.Second,
	}
	began := time.Now()
	tip := val.n.Height()
	joiner := startWith(t, cfgs[1])
	if err := joiner.n.WaitForHeight(ctx, tip); err != nil {
		t.Fatalf("the state-synced node did not reach the tip %d: %v", tip, err)
	}
	joined := time.Since(began)
	base := joiner.n.BlockStoreBase()
	t.Logf("joined in %v: restored a snapshot, block store from %d, reached height %d", joined.Round(time.Millisecond), base, tip)
	if base <= 1 {
		t.Fatalf("the joiner's block store starts at %d: it replayed blocks instead of restoring a snapshot", base)
	}
	if restored := joiner.st.Meta(); restored == nil {
		t.Fatal("the joiner has no state")
	}

	// It keeps following, and agrees with the validator.
	tx, err := bob.Pay(rand.Reader, []txbuilder.Payment{{To: alice.Address(), Amount: ledger.STG / 2, Memo: []byte("after the join")}})
	if err != nil {
		t.Fatal(err)
	}
	h := submit(t, ctx, joiner, tx.Encode())
	if err := joiner.n.WaitForHeight(ctx, h+3); err != nil {
		t.Fatalf("the joiner stopped following: %v", err)
	}
	// (Both nodes prune: compare where both still hold the blocks.)
	for _, at := range []int64{h, h + 1} {
		ref, got := appHashAt(t, ctx, val, at), appHashAt(t, ctx, joiner, at)
		if !bytes.Equal(ref, got) {
			t.Fatalf("app hash after block %d: validator %x, joiner %x", at, ref, got)
		}
	}
	for _, v := range []*validator{val, joiner} {
		if _, err := v.st.Audit(); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
	}
	if val.n.Compactions() == 0 {
		t.Errorf("the validator pruned blocks %d..%d and never compacted its block store", 1, val.n.BlockStoreBase()-1)
	}
}
