package testnode

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	rpclocal "github.com/cometbft/cometbft/rpc/client/local"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/params"
)

// DefaultBlockInterval is the block interval when Options leaves it zero.
const DefaultBlockInterval = 150 * time.Millisecond

// startTimeout bounds how long Start and Restart wait for a block.
const startTimeout = 60 * time.Second

// Options configure a test node. The zero value is a dev chain with
// DefaultBlockInterval blocks, the demo accounts funded and no RPC socket.
type Options struct {
	// BlockInterval is the pause after each commit (CometBFT's
	// timeout_commit), so roughly the time between blocks; zero means
	// DefaultBlockInterval.
	BlockInterval time.Duration
	// Allocations fund the genesis; nil means the demo accounts
	// (genesis.DemoAllocations).
	Allocations []genesis.Allocation
	// ChainID is the chain id: the dev network's (the default) or
	// params.LocalnetChainID.
	ChainID string
	// RPC opens CometBFT's RPC server on a free loopback port (Node.RPCAddr)
	// for clients over HTTP; Node.Client works without it.
	RPC bool
	// Logger receives the node's logs; nil writes them to stderr at info
	// level when STEGOS_TEST_LOG is set and discards them otherwise.
	Logger *slog.Logger
}

// Node is a running test node. Restart replaces Node, State and App; the
// other fields stay.
type Node struct {
	// Node is the CometBFT node.
	Node *node.Node
	// State is the ledger state the application commits to.
	State *state.State
	// App is the ABCI application.
	App *app.App
	// Params are the chain parameters.
	Params params.Params
	// Home is the node's home directory.
	Home string
	// Config is the node configuration Start used.
	Config node.Config
	// RPCAddr is the host:port of CometBFT's RPC server; empty unless
	// Options.RPC was set.
	RPCAddr string

	t      testing.TB
	logger *slog.Logger
}

// Start creates a home in t.TempDir() with a fresh validator key and a
// genesis for opts, starts the node, and waits until it committed block 1.
// The node stops in t.Cleanup. Failures end the test.
func Start(t testing.TB, opts Options) *Node {
	t.Helper()
	chainID := opts.ChainID
	if chainID == "" {
		dev, _ := params.For(params.Dev)
		chainID = dev.ChainID
	}
	p, err := params.ByChainID(chainID)
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	allocs := opts.Allocations
	if allocs == nil {
		if allocs, err = genesis.DemoAllocations(); err != nil {
			t.Fatalf("testnode: %v", err)
		}
	}
	logger := opts.Logger
	if logger == nil {
		logger = testLogger()
	}

	home := filepath.Join(t.TempDir(), "home")
	cfg := config(t, home, opts)
	id, err := node.GenerateKeys(home)
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	if opts.Allocations == nil {
		// The demo chain's validator is staked, as on stegosd dev: it
		// earns rewards, contributes to the beacon and can win the award.
		pk, err := node.LoadProposerKeys(home)
		if err != nil {
			t.Fatalf("testnode: %v", err)
		}
		spec := genesis.StakeSpec{Validator: pk.Consensus}
		copy(spec.VRFKey[:], pk.VRF.Public().Bytes())
		staked, err := genesis.DemoStakes([]genesis.StakeSpec{spec})
		if err != nil {
			t.Fatalf("testnode: %v", err)
		}
		allocs = append(allocs, staked...)
	}
	g, err := genesis.Build(rand.Reader, allocs)
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	appState, err := json.Marshal(g)
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	cp := cmttypes.DefaultConsensusParams()
	cp.Block.MaxBytes = p.MaxBlockBytes
	doc, err := node.NewGenesis(node.GenesisSpec{
		ChainID:         p.ChainID,
		ConsensusParams: cp,
		Validators:      []node.GenesisValidator{{Name: cfg.Moniker, PubKey: id.PubKey, Power: 10}},
		AppState:        appState,
	})
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	if err := node.SaveGenesis(home, doc); err != nil {
		t.Fatalf("testnode: %v", err)
	}

	n := &Node{Params: p, Home: home, Config: cfg, RPCAddr: cfg.RPCListen, t: t, logger: logger}
	n.start()
	t.Cleanup(n.Stop)
	return n
}

// Client returns the in-process CometBFT client of the running node. After
// Restart, call it again: the old client belongs to the stopped node.
func (n *Node) Client() *rpclocal.Local { return n.Node.Client() }

// ChainID returns the chain id.
func (n *Node) ChainID() string { return n.Params.ChainID }

// RPCURL returns the URL of CometBFT's RPC server ("http://host:port"), or
// "" unless Options.RPC was set.
func (n *Node) RPCURL() string {
	if n.RPCAddr == "" {
		return ""
	}
	return "http://" + n.RPCAddr
}

// Stop stops the node and closes its state. It is safe to call twice; the
// home stays for Restart.
func (n *Node) Stop() {
	if n.Node == nil {
		return
	}
	if err := n.Node.Stop(); err != nil {
		n.t.Errorf("testnode: stop: %v", err)
	}
	if err := n.State.Close(); err != nil {
		n.t.Errorf("testnode: close state: %v", err)
	}
	n.Node, n.State, n.App = nil, nil, nil
}

// Restart stops the node and starts it again on the same home, where it
// resumes at its last height, and waits for its next block.
func (n *Node) Restart() {
	n.t.Helper()
	n.Stop()
	n.start()
}

// WaitForHeight waits until the application has committed block h, at most
// a minute; it fails the test otherwise.
func (n *Node) WaitForHeight(h int64) {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		if m := n.State.Meta(); m != nil && m.Height >= h {
			return
		}
		select {
		case <-ctx.Done():
			n.t.Fatalf("testnode: no block %d within %s", h, startTimeout)
		case <-t.C:
		}
	}
}

// start opens the state, starts the node and waits for a block beyond the
// height it starts at.
func (n *Node) start() {
	n.t.Helper()
	st, err := state.Open(filepath.Join(n.Home, "data", "ledger"), n.logger.With("module", "state"))
	if err != nil {
		n.t.Fatalf("testnode: %v", err)
	}
	a := app.New(n.Params, st, n.logger.With("module", "app"))
	pk, err := node.LoadProposerKeys(n.Home)
	if err != nil {
		st.Close()
		n.t.Fatalf("testnode: %v", err)
	}
	a.SetProposer(&app.Proposer{Key: pk.Consensus, VRF: pk.VRF})
	nd, err := node.New(n.Config, a, n.logger)
	if err != nil {
		st.Close()
		n.t.Fatalf("testnode: %v", err)
	}
	if err := nd.Start(context.Background()); err != nil {
		nd.Stop()
		st.Close()
		n.t.Fatalf("testnode: %v", err)
	}
	n.Node, n.State, n.App = nd, st, a
	from := int64(0)
	if m := st.Meta(); m != nil {
		from = m.Height
	}
	n.WaitForHeight(from + 1)
}

// config is a loopback node configuration with fast timeouts.
func config(t testing.TB, home string, opts Options) node.Config {
	interval := opts.BlockInterval
	if interval <= 0 {
		interval = DefaultBlockInterval
	}
	c := node.DefaultConfig(home)
	c.Moniker = "testnode"
	c.P2P.Listen = freeAddr(t)
	c.P2P.AllowDuplicateIP = true
	c.P2P.AddrBookStrict = false
	c.P2P.PEX = false
	c.RPCListen = ""
	if opts.RPC {
		c.RPCListen = freeAddr(t)
	}
	c.Timeouts = node.Timeouts{
		Propose: 600 * time.Millisecond, ProposeDelta: 100 * time.Millisecond,
		Prevote: 200 * time.Millisecond, PrevoteDelta: 100 * time.Millisecond,
		Precommit: 200 * time.Millisecond, PrecommitDelta: 100 * time.Millisecond,
		Commit: interval,
	}
	return c
}

// freeAddr returns a loopback host:port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// testLogger writes info logs to stderr when STEGOS_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("STEGOS_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})).With("node", "testnode")
}
