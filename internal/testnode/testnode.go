package testnode

import (
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	rpclocal "github.com/cometbft/cometbft/rpc/client/local"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/chainnode"
	"github.com/stegos-go/stegos/internal/devwallet"
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
	// Allocations fund the genesis; nil means the genesis of stegosd dev:
	// the demo accounts and this validator's stake
	// (chainnode.DemoAllocations).
	Allocations []genesis.Allocation
	// ChainID is the chain id: the dev network's (the default) or
	// params.LocalnetChainID.
	ChainID string
	// RPC opens CometBFT's RPC server on a free loopback port (Node.RPCAddr)
	// for clients over HTTP; Node.Client works without it.
	RPC bool
	// Mempool is the application's admission policy; the zero value is
	// stegosd's default.
	Mempool app.MempoolConfig
	// TuneParams, if set, changes the chain parameters (a short
	// PayloadRetention, say); Node.Params holds the result.
	TuneParams func(*params.Params)
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

	t       testing.TB
	logger  *slog.Logger
	mempool app.MempoolConfig
	tune    func(*params.Params)
	cn      *chainnode.Node
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
	if opts.TuneParams != nil {
		opts.TuneParams(&p)
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
	allocs := opts.Allocations
	if allocs == nil {
		// The demo chain of stegosd dev: the demo accounts funded and this
		// validator staked, so it earns rewards, contributes to the beacon
		// and can win the award.
		if allocs, err = chainnode.DemoAllocations(p.ChainID, []string{home}); err != nil {
			t.Fatalf("testnode: %v", err)
		}
	}
	doc, err := chainnode.NewGenesis(chainnode.GenesisSpec{
		ChainID:     p.ChainID,
		Validators:  []node.GenesisValidator{{Name: cfg.Moniker, PubKey: id.PubKey, Power: 10}},
		Allocations: allocs,
	})
	if err != nil {
		t.Fatalf("testnode: %v", err)
	}
	if err := node.SaveGenesis(home, doc); err != nil {
		t.Fatalf("testnode: %v", err)
	}

	n := &Node{Params: p, Home: home, Config: cfg, RPCAddr: cfg.RPCListen, t: t, logger: logger, mempool: opts.Mempool, tune: opts.TuneParams}
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
	if n.cn == nil {
		return
	}
	if err := n.cn.Stop(); err != nil {
		n.t.Errorf("testnode: stop: %v", err)
	}
	n.cn, n.Node, n.State, n.App = nil, nil, nil, nil
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
	cn, err := chainnode.Open(chainnode.Config{Node: n.Config, Mempool: n.mempool, Logger: n.logger, TuneParams: n.tune})
	if err != nil {
		n.t.Fatalf("testnode: %v", err)
	}
	if err := cn.Start(context.Background()); err != nil {
		cn.Stop()
		n.t.Fatalf("testnode: %v", err)
	}
	n.cn, n.Node, n.State, n.App = cn, cn.Node, cn.State, cn.App
	n.WaitForHeight(chainnode.Height(cn.State) + 1)
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

// Wallet returns a dev wallet of keys holding every unspent output of the
// node's committed state that keys own.
func (n *Node) Wallet(keys *stealth.Keys) *devwallet.Wallet {
	n.t.Helper()
	w := devwallet.New(n.Params, keys)
	if err := n.State.ForEachUTXO(func(u *state.UTXO) error {
		_, err := w.AddOutput(u.Output, u.Index)
		return err
	}); err != nil {
		n.t.Fatalf("testnode: loading a wallet: %v", err)
	}
	return w
}
