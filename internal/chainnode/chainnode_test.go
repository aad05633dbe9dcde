package chainnode

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// newHome makes a dev home with keys and the genesis of stegosd dev, and
// returns its node configuration (nothing listens until Start).
func newHome(t *testing.T, chainID string) node.Config {
	t.Helper()
	home := filepath.Join(t.TempDir(), "home")
	id, err := node.GenerateKeys(home)
	if err != nil {
		t.Fatal(err)
	}
	allocs, err := DemoAllocations(chainID, []string{home})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := NewGenesis(GenesisSpec{
		ChainID:     chainID,
		Validators:  []node.GenesisValidator{{Name: "n", PubKey: id.PubKey, Power: 10}},
		Allocations: allocs,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := node.SaveGenesis(home, doc); err != nil {
		t.Fatal(err)
	}
	c := node.DefaultConfig(home)
	c.P2P.Listen = "127.0.0.1:1"
	c.RPCListen = ""
	return c
}

func TestNewGenesis(t *testing.T) {
	dev, _ := params.For(params.Dev)
	tests := []struct {
		chainID string
		want    *cmttypes.ConsensusParams
		err     bool
	}{
		{dev.ChainID, ConsensusParams(dev), false},
		{params.LocalnetChainID, ConsensusParams(dev), false},
		{"no-such-chain", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.chainID, func(t *testing.T) {
			doc, err := NewGenesis(GenesisSpec{ChainID: tt.chainID})
			if tt.err {
				if err == nil {
					t.Fatal("unknown chain id accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.ChainID != tt.chainID || !reflect.DeepEqual(doc.ConsensusParams, tt.want) {
				t.Errorf("chain %q, consensus params %+v; want %q, %+v", doc.ChainID, doc.ConsensusParams, tt.chainID, tt.want)
			}
			if doc.ConsensusParams.Block.MaxBytes != dev.MaxBlockBytes {
				t.Errorf("blocks of %d bytes, want the chain parameters' %d", doc.ConsensusParams.Block.MaxBytes, dev.MaxBlockBytes)
			}
		})
	}
}

func TestDemoAllocationsStakeEachValidator(t *testing.T) {
	var homes []string
	for _, n := range []string{"a", "b"} {
		h := filepath.Join(t.TempDir(), n)
		if _, err := node.GenerateKeys(h); err != nil {
			t.Fatal(err)
		}
		homes = append(homes, h)
	}
	allocs, err := DemoAllocations(params.LocalnetChainID, homes)
	if err != nil {
		t.Fatal(err)
	}
	if len(allocs) != genesis.DemoAccounts+len(homes) {
		t.Fatalf("%d allocations, want %d", len(allocs), genesis.DemoAccounts+len(homes))
	}
	for i, h := range homes {
		want, err := node.LoadProposerKeys(h)
		if err != nil {
			t.Fatal(err)
		}
		a := allocs[genesis.DemoAccounts+i]
		if a.Stake == nil || a.Stake.Validator != want.Consensus || a.Stake.Token == nil || a.Amount != genesis.DemoStake {
			t.Errorf("allocation for %s: %+v, want a stake of %d to %x with its token", h, a, genesis.DemoStake, want.Consensus)
		}
	}
	if _, err := DemoAllocations(params.LocalnetChainID, []string{filepath.Join(t.TempDir(), "none")}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("home without keys: %v, want ErrNotExist", err)
	}
}

// TestOpenStopReopen opens a home (its genesis applied by the handshake),
// stops it twice and opens it again: Stop released the state.
func TestOpenStopReopen(t *testing.T) {
	cfg := newHome(t, params.LocalnetChainID)
	n, err := Open(Config{Node: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if n.Params.ChainID != params.LocalnetChainID || n.App.State() != n.State || Height(n.State) != 0 {
		t.Fatalf("params %q, height %d", n.Params.ChainID, Height(n.State))
	}
	// A second node on the same home is refused while the first is open.
	if _, err := Open(Config{Node: cfg}); !errors.Is(err, node.ErrHomeLocked) {
		t.Errorf("second open: %v, want ErrHomeLocked", err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	n, err = Open(Config{Node: cfg})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, c *Config)
		want error // nil: any error
	}{
		{"no genesis", func(t *testing.T, c *Config) { c.Node.Home = t.TempDir() }, fs.ErrNotExist},
		{"unknown chain", func(t *testing.T, c *Config) {
			doc, err := node.LoadGenesis(c.Node.Home)
			if err != nil {
				t.Fatal(err)
			}
			doc.ChainID = "stegos-elsewhere"
			if err := node.SaveGenesis(c.Node.Home, doc); err != nil {
				t.Fatal(err)
			}
		}, nil},
		{"bad mempool policy", func(_ *testing.T, c *Config) { c.Mempool.QuarantineBlocks = -1 }, nil},
		{"bad node config", func(_ *testing.T, c *Config) { c.Node.P2P.Listen = "" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Node: newHome(t, params.LocalnetChainID)}
			home := cfg.Node.Home
			tt.edit(t, &cfg)
			n, err := Open(cfg)
			if err == nil {
				n.Stop()
				t.Fatal("Open succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			// A failed Open leaves the ledger state closed.
			st, err := OpenState(home, nil)
			if err != nil {
				t.Fatalf("after a failed Open: %v", err)
			}
			st.Close()
		})
	}
}

// TestOpenAppliesTheMempoolPolicy checks that the policy reaches the
// application: range proofs are verified at admission unless deferred.
func TestOpenAppliesTheMempoolPolicy(t *testing.T) {
	tests := []struct {
		name       string
		policy     app.MempoolConfig
		wantChecks int64
	}{
		{"default verifies at admission", app.MempoolConfig{}, 1},
		{"deferred", app.MempoolConfig{DeferRangeProofs: true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Open(Config{Node: newHome(t, params.LocalnetChainID), Mempool: tt.policy})
			if err != nil {
				t.Fatal(err)
			}
			defer n.Stop()
			keys, err := genesis.DemoKeys(1)
			if err != nil {
				t.Fatal(err)
			}
			w := devwallet.New(n.Params, keys)
			if err := n.State.ForEachUTXO(func(u *state.UTXO) error {
				_, err := w.AddOutput(u.Output, u.Index)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: w.Address(), Amount: ledger.STG}})
			if err != nil {
				t.Fatal(err)
			}
			before := n.App.ProofChecks()
			res, err := n.App.CheckTx(context.Background(), &abci.RequestCheckTx{Tx: tx.Encode()})
			if err != nil || res.Code != 0 {
				t.Fatalf("CheckTx: %v %+v", err, res)
			}
			if got := n.App.ProofChecks() - before; got != tt.wantChecks {
				t.Errorf("%d range proof checks at admission, want %d", got, tt.wantChecks)
			}
		})
	}
}

func TestFromConfig(t *testing.T) {
	c := config.Default()
	c.Node.Moniker = "m"
	c.Node.DBBackend = "memdb"
	c.P2P.Listen = "127.0.0.1:7000"
	c.P2P.PersistentPeers = []string{"id@127.0.0.1:7010"}
	c.P2P.AllowDuplicateIP = true
	c.RPC.Listen = "127.0.0.1:7001"
	c.Consensus.TimeoutCommit = 250 * time.Millisecond
	c.Consensus.TimeoutPropose = 2 * time.Second
	c.Mempool = config.MempoolSection{DeferRangeProofs: true, QuarantineBlocks: 7}
	got := FromConfig("/h", &c, nil)
	n := got.Node
	if n.Home != "/h" || n.Moniker != "m" || n.DBBackend != "memdb" || n.P2P.Listen != "127.0.0.1:7000" ||
		!reflect.DeepEqual(n.P2P.PersistentPeers, c.P2P.PersistentPeers) || !n.P2P.AllowDuplicateIP ||
		n.RPCListen != "127.0.0.1:7001" || n.Timeouts.Commit != 250*time.Millisecond || n.Timeouts.Propose != 2*time.Second {
		t.Errorf("node config %+v", n)
	}
	if want := (app.MempoolConfig{DeferRangeProofs: true, QuarantineBlocks: 7}); got.Mempool != want {
		t.Errorf("mempool %+v, want %+v", got.Mempool, want)
	}
}

// TestQuarantineDefaultIsDocumented ties the default the configuration
// and the operations guide state to the application's.
func TestQuarantineDefaultIsDocumented(t *testing.T) {
	c := config.Default()
	if c.Mempool.QuarantineBlocks != 0 {
		t.Fatalf("mempool.quarantine_blocks defaults to %d, want 0 (the application's default)", c.Mempool.QuarantineBlocks)
	}
	want := fmt.Sprintf("default (%d)", app.DefaultQuarantineBlocks)
	if !strings.Contains(string(c.Encode()), want) {
		t.Errorf("the configuration file's comment does not say %q", want)
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("the application's default, %d", app.DefaultQuarantineBlocks); !strings.Contains(string(guide), want) {
		t.Errorf("docs/operations.md does not say %q", want)
	}
}
