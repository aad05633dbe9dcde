package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stegos-go/stegos/crypto/stealth"
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

// validator is one running node of a test network.
type validator struct {
	cfg  node.Config
	cn   *chainnode.Node
	n    *node.Node
	st   *state.State
	app  *app.App
	name string
}

func logger(t *testing.T) *slog.Logger {
	if os.Getenv("STEGOS_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// network creates homes, keys and a shared genesis for n validators, with
// the given allocations, and returns their configs.
func network(t *testing.T, n int, allocs []genesis.Allocation) []node.Config {
	t.Helper()
	return networkWith(t, netSpec{validators: n, allocs: allocs})
}

// netSpec describes a test network.
type netSpec struct {
	// validators are in the genesis validator set; extra nodes are not
	// (they join by staking).
	validators, extra int
	allocs            []genesis.Allocation
	// stakes, if set, bonds stakes[i] µSTG in the genesis to node i's
	// keys, owned by stakeOwner.
	stakes     []uint64
	stakeOwner stealth.Address
}

// networkWith creates the homes, keys and shared genesis of spec's nodes,
// all peers of each other, and returns their configs.
func networkWith(t *testing.T, spec netSpec) []node.Config {
	t.Helper()
	p, _ := params.For(params.Dev)
	root := t.TempDir()
	n := spec.validators + spec.extra
	cfgs := make([]node.Config, n)
	ids := make([]node.Identity, n)
	var vals []node.GenesisValidator
	allocs := slices.Clone(spec.allocs)
	for i := range cfgs {
		home := filepath.Join(root, fmt.Sprintf("node%d", i))
		c := node.DefaultConfig(home)
		c.Moniker = fmt.Sprintf("node%d", i)
		c.P2P.Listen = freeAddr(t)
		c.P2P.AllowDuplicateIP = true
		c.P2P.AddrBookStrict = false
		c.P2P.PEX = false
		c.RPCListen = ""
		c.Timeouts = node.Timeouts{
			Propose: 600 * time.Millisecond, ProposeDelta: 100 * time.Millisecond,
			Prevote: 200 * time.Millisecond, PrevoteDelta: 100 * time.Millisecond,
			Precommit: 200 * time.Millisecond, PrecommitDelta: 100 * time.Millisecond,
			Commit: 150 * time.Millisecond,
		}
		id, err := node.GenerateKeys(home)
		if err != nil {
			t.Fatal(err)
		}
		cfgs[i], ids[i] = c, id
		if i < spec.validators {
			vals = append(vals, node.GenesisValidator{Name: c.Moniker, PubKey: id.PubKey, Power: 10})
		}
		if i < len(spec.stakes) {
			ss, err := genesis.ValidatorStakeSpec(home, p.ChainID)
			if err != nil {
				t.Fatal(err)
			}
			allocs = append(allocs, genesis.Allocation{To: spec.stakeOwner, Amount: spec.stakes[i], Stake: &ss})
		}
	}
	for i := range cfgs {
		for j := range cfgs {
			if i != j {
				cfgs[i].P2P.PersistentPeers = append(cfgs[i].P2P.PersistentPeers, ids[j].NodeID+"@"+cfgs[j].P2P.Listen)
			}
		}
	}
	doc, err := chainnode.NewGenesis(chainnode.GenesisSpec{ChainID: p.ChainID, Validators: vals, Allocations: allocs})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfgs {
		if err := node.SaveGenesis(c.Home, doc); err != nil {
			t.Fatal(err)
		}
	}
	return cfgs
}

// start opens cfg's home and starts its node, as stegosd does
// (chainnode.Open) with the default mempool policy.
func start(t *testing.T, cfg node.Config) *validator {
	t.Helper()
	cn, err := chainnode.Open(chainnode.Config{Node: cfg, Logger: logger(t).With("node", cfg.Moniker)})
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

func (v *validator) stop() {
	if v.cn == nil {
		return
	}
	v.cn.Stop()
	v.cn = nil
}

func waitCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// submit sends a tx through v and waits until it is in a block; it returns
// that height.
func submit(t *testing.T, ctx context.Context, v *validator, tx []byte) int64 {
	t.Helper()
	from := v.n.Height()
	res, err := v.n.Client().BroadcastTxSync(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Code != 0 {
		t.Fatalf("CheckTx on %s: code %d: %s", v.name, res.Code, res.Log)
	}
	want := sha256.Sum256(tx)
	for h := max(from, 1); ; h++ {
		if err := v.n.WaitForHeight(ctx, h); err != nil {
			t.Fatal(err)
		}
		blk, err := v.n.Client().Block(ctx, &h)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range blk.Block.Txs {
			if sha256.Sum256(got) == want {
				return h
			}
		}
	}
}

// scanBlocks applies to the wallets every tx in blocks from..to of v.
func scanBlocks(t *testing.T, ctx context.Context, v *validator, from, to int64, ws ...*devwallet.Wallet) {
	t.Helper()
	if err := v.n.WaitForHeight(ctx, to); err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	for h := from; h <= to; h++ {
		blk, err := v.n.Client().Block(ctx, &h)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range blk.Block.Txs {
			if app.IsBeaconTx(raw) {
				continue
			}
			tx, err := ledger.DecodeTx(raw)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				if err := w.ApplyTx(tx); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// appHashAt returns the app hash after block h as recorded in block h+1.
func appHashAt(t *testing.T, ctx context.Context, v *validator, h int64) []byte {
	t.Helper()
	next := h + 1
	if err := v.n.WaitForHeight(ctx, next); err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	blk, err := v.n.Client().Block(ctx, &next)
	if err != nil {
		t.Fatal(err)
	}
	return blk.Block.AppHash
}

func TestFourValidators(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-validator network")
	}
	p, _ := params.For(params.Dev)
	aliceKeys, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	bobKeys, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	allocs := []genesis.Allocation{
		{To: aliceKeys.Address(), Amount: 1000 * ledger.STG, Outputs: 4},
		{To: bobKeys.Address(), Amount: 10 * ledger.STG, Outputs: 1},
	}
	cfgs := network(t, 4, allocs)
	vs := make([]*validator, len(cfgs))
	for i, c := range cfgs {
		vs[i] = start(t, c)
	}
	ctx := waitCtx(t, 3*time.Minute)
	for _, v := range vs {
		if err := v.n.WaitForHeight(ctx, 2); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
	}

	alice, bob := devwallet.New(p, aliceKeys), devwallet.New(p, bobKeys)
	if err := vs[0].st.ForEachUTXO(func(u *state.UTXO) error {
		for _, w := range []*devwallet.Wallet{alice, bob} {
			if _, err := w.AddOutput(u.Output, u.Index); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// A payment, submitted to one validator, moves funds on all.
	tx, err := alice.Pay(rand.Reader, []txbuilder.Payment{{To: bob.Address(), Amount: 25 * ledger.STG, Memo: []byte("hello bob")}})
	if err != nil {
		t.Fatal(err)
	}
	h := submit(t, ctx, vs[1], tx.Encode())
	scanBlocks(t, ctx, vs[0], 1, h, alice, bob)
	if total, _ := bob.Balance(); total != 35*ledger.STG {
		t.Fatalf("bob has %d µSTG, want 35 STG", total)
	}
	ref := appHashAt(t, ctx, vs[0], h)
	for _, v := range vs[1:] {
		if got := appHashAt(t, ctx, v, h); !bytes.Equal(got, ref) {
			t.Fatalf("%s: app hash at %d differs", v.name, h)
		}
	}

	// One validator stops: the other three (30 of 40 power) go on.
	stopped := vs[3]
	stopped.stop()
	stopHeight := vs[0].n.Height()
	tx2, err := bob.Pay(rand.Reader, []txbuilder.Payment{{To: alice.Address(), Amount: 5 * ledger.STG, Memo: []byte("thanks")}})
	if err != nil {
		t.Fatal(err)
	}
	h2 := submit(t, ctx, vs[2], tx2.Encode())
	if err := vs[0].n.WaitForHeight(ctx, stopHeight+3); err != nil {
		t.Fatalf("chain halted without one of four validators: %v", err)
	}

	// It restarts and catches up, agreeing on the state.
	vs[3] = start(t, stopped.cfg)
	target := vs[0].n.Height()
	if err := vs[3].n.WaitForHeight(ctx, target); err != nil {
		t.Fatalf("restarted validator did not catch up: %v", err)
	}
	ref = appHashAt(t, ctx, vs[0], h2)
	if got := appHashAt(t, ctx, vs[3], h2); !bytes.Equal(got, ref) {
		t.Fatalf("restarted validator disagrees on the app hash at %d", h2)
	}
	for _, v := range vs {
		if _, err := v.st.Audit(); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
	}
}

// TestNetworkRunsStegosdGenesis checks that the test network is built as
// stegosd builds a chain (chainnode): its genesis carries the chain
// parameters' consensus parameters (8 MiB blocks on dev, not CometBFT's
// default 21 MiB), and its node runs with them.
func TestNetworkRunsStegosdGenesis(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a node")
	}
	p, _ := params.For(params.Dev)
	keys, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	cfgs := network(t, 1, []genesis.Allocation{{To: keys.Address(), Amount: 10 * ledger.STG}})
	gen, err := node.LoadGenesis(cfgs[0].Home)
	if err != nil {
		t.Fatal(err)
	}
	if want := chainnode.ConsensusParams(p); !reflect.DeepEqual(gen.ConsensusParams, want) {
		t.Errorf("genesis consensus params\n%+v\nwant (stegosd's)\n%+v", gen.ConsensusParams, want)
	}
	v := start(t, cfgs[0])
	ctx := waitCtx(t, time.Minute)
	if err := v.n.WaitForHeight(ctx, 1); err != nil {
		t.Fatal(err)
	}
	first := int64(1) // the latest height's may not be stored yet
	res, err := v.n.Client().ConsensusParams(ctx, &first)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.ConsensusParams.Block.MaxBytes; got != p.MaxBlockBytes {
		t.Errorf("the node runs with blocks of at most %d bytes, want %d", got, p.MaxBlockBytes)
	}
}
