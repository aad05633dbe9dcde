package integration

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// holders returns the files under dir that contain b, except the
// write-ahead logs that keep recent writes by size, not by time (ADR 0020,
// "What stays"): CometBFT's consensus WAL (data/cs.wal) and the recycled
// *.log files of the databases.
func holders(t *testing.T, dir string, b []byte) (hits, logs []string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed by a compaction meanwhile
		}
		if err != nil {
			return err
		}
		if !bytes.Contains(raw, b) {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if strings.Contains(rel, "cs.wal") || filepath.Ext(path) == ".log" {
			logs = append(logs, rel)
		} else {
			hits = append(hits, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits, logs
}

// TestPayloadsLeaveEveryNode is issue 10's proof on real nodes: after the
// retention window a payment's payloads are gone from the stores of both
// validators, which still agree on the app hash; a node that joins later by
// state sync verifies the outputs' ids from their cores, never having seen
// the payloads; and the recipient spends the output from its core.
func TestPayloadsLeaveEveryNode(t *testing.T) {
	if testing.Short() {
		t.Skip("three nodes, a retention window and a state sync")
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
	cfgs := networkWith(t, netSpec{validators: 2, extra: 1, allocs: []genesis.Allocation{
		{To: aliceKeys.Address(), Amount: 1000 * ledger.STG, Outputs: 4},
		{To: bobKeys.Address(), Amount: 10 * ledger.STG, Outputs: 1},
	}})
	cfgs[0].RPCListen = freeAddr(t)
	for i := range cfgs {
		cfgs[i].Timeouts.Commit = ssCommit
		cfgs[i].CompactEvery = 5
	}
	vals := []*validator{startWith(t, cfgs[0]), startWith(t, cfgs[1])}
	ctx := waitCtx(t, 120*time.Second)
	if err := vals[0].n.WaitForHeight(ctx, 2); err != nil {
		t.Fatal(err)
	}
	alice, bob := devwallet.New(p, aliceKeys), devwallet.New(p, bobKeys)
	if err := vals[0].st.ForEachUTXO(func(u *state.UTXO) error {
		for _, w := range []*devwallet.Wallet{alice, bob} {
			if _, err := w.AddOutput(u.Output, u.Index); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tx, err := alice.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: 3 * ledger.STG, Memo: []byte("a memo every node forgets")}})
	if err != nil {
		t.Fatal(err)
	}
	h0 := submit(t, ctx, vals[0], tx.Encode())
	scanBlocks(t, ctx, vals[0], h0, h0, alice, bob)
	type known struct {
		id     ledger.OutputID
		sealed []byte
	}
	var outs []known
	for _, o := range tx.Outputs {
		if co, ok := o.(*ledger.ConfidentialOutput); ok {
			outs = append(outs, known{ledger.ID(o), co.Payload[200:264]})
		}
	}
	// Within the window the bytes are there, so the search below can fail.
	if err := vals[1].n.WaitForHeight(ctx, h0); err != nil {
		t.Fatal(err)
	}
	for _, v := range vals {
		if _, ok, err := v.st.Payload(h0, outs[0].id); err != nil || !ok {
			t.Fatalf("%s does not keep the payload within the window: %v", v.name, err)
		}
		if hits, logs := holders(t, filepath.Join(v.cfg.Home, "data"), outs[0].sealed); len(hits)+len(logs) == 0 {
			t.Fatalf("%s: the payload is nowhere on disk within the window: the search proves nothing", v.name)
		}
	}

	// Past the window, a compaction of the ledger (every 5 blocks here) and
	// of the block store (every 5 pruned blocks).
	after := h0 + ssRetention + 12
	for _, v := range vals {
		if err := v.n.WaitForHeight(ctx, after); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
	}
	time.Sleep(time.Second) // background compactions finish
	for _, v := range vals {
		if base := v.n.BlockStoreBase(); base <= h0 {
			t.Fatalf("%s still keeps block %d (base %d)", v.name, h0, base)
		}
		for _, o := range outs {
			if _, ok, err := v.st.Payload(h0, o.id); err != nil || ok {
				t.Fatalf("%s still serves the payload of %s after the window (%v)", v.name, o.id, err)
			}
			hits, logs := holders(t, filepath.Join(v.cfg.Home, "data"), o.sealed)
			if len(hits) > 0 {
				t.Errorf("%s: the payload of %s is still on disk after the window in %v", v.name, o.id, hits)
			}
			t.Logf("%s: payload of %s after the window: in no table; in write-ahead logs %v", v.name, o.id, logs)
		}
	}
	at := after - 1
	if a, b := appHashAt(t, ctx, vals[0], at), appHashAt(t, ctx, vals[1], at); !bytes.Equal(a, b) {
		t.Fatalf("app hash after block %d: %x and %x", at, a, b)
	}

	// A node joining now restores a snapshot: cores, never these payloads.
	cfgs[2].StateSync = node.StateSyncConfig{Enable: true, RPCServers: []string{cfgs[0].RPCListen}, DiscoveryTime: 5 * time.Second}
	joiner := startWith(t, cfgs[2])
	tip := vals[0].n.Height()
	if err := joiner.n.WaitForHeight(ctx, tip); err != nil {
		t.Fatalf("the joiner did not reach %d: %v", tip, err)
	}
	if _, err := joiner.st.Audit(); err != nil { // checks every id against its core
		t.Fatalf("joiner: %v", err)
	}
	for _, o := range outs {
		u, ok, err := joiner.st.Output(o.id)
		if err != nil || !ok {
			t.Fatalf("the joiner lacks output %s: %v", o.id, err)
		}
		if co, isConf := u.Output.(*ledger.ConfidentialOutput); !isConf || co.Payload != nil || ledger.ID(u.Output) != o.id {
			t.Fatalf("the joiner's output %s: %T, payload kept %v", o.id, u.Output, isConf && co.Payload != nil)
		}
		if hits, _ := holders(t, filepath.Join(cfgs[2].Home, "data"), o.sealed); len(hits) > 0 {
			t.Errorf("the joiner holds the payload of %s in %v", o.id, hits)
		}
	}

	// Bob spends what he received, from its core, through the joiner.
	back, err := bob.Pay(rand.Reader, []txbuilder.Payment{{To: alice.Address(), Amount: 2 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	h := submit(t, ctx, joiner, back.Encode())
	if a, b := appHashAt(t, ctx, vals[0], h), appHashAt(t, ctx, joiner, h); !bytes.Equal(a, b) {
		t.Fatalf("app hash after block %d: validator %x, joiner %x", h, a, b)
	}
}
