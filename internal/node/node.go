package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/proxy"
	rpclocal "github.com/cometbft/cometbft/rpc/client/local"
	"github.com/cometbft/cometbft/types"

	"github.com/stegos-go/stegos/internal/cmtlog"
)

// Node is a CometBFT node running in this process around an application.
// A Node runs once: after Stop, build a new one with New on the same home.
type Node struct {
	cfg     Config
	logger  *slog.Logger
	cmt     *cmtnode.Node
	client  *rpclocal.Local
	genesis *types.GenesisDoc
	dbs     *dbSet
	gate    *gatedApp

	mu          sync.Mutex // guards the following
	started     bool
	stopped     bool
	stopWatch   context.CancelFunc
	watchDone   chan struct{}
	compactDone chan struct{}
	stopResult  error

	compactions atomic.Int64 // block store compactions (prune.go)
}

// New loads the home's keys and genesis, opens CometBFT's databases and
// hands the application any blocks it is missing (CometBFT's handshake), but
// does not connect to anything yet. app must not be shared with another
// running node. A nil logger discards logs.
//
// Once New succeeds, call Stop to release the databases, even if Start is
// never called or fails.
func New(cfg Config, app abcitypes.Application, logger *slog.Logger) (n *Node, err error) {
	if app == nil {
		return nil, errors.New("node: nil application")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := prepareStateSync(context.Background(), &cfg.StateSync, app, logger); err != nil {
		return nil, err
	}
	cc, err := cfg.comet()
	if err != nil {
		return nil, err
	}
	f := HomeFiles(cfg.Home)
	genesis, err := LoadGenesis(cfg.Home)
	if err != nil {
		return nil, err
	}
	pv, err := loadFilePV(f.ValidatorKey, f.ValidatorState)
	if err != nil {
		return nil, err
	}
	nodeKey, err := loadNodeKey(f.NodeKey)
	if err != nil {
		return nil, err
	}
	if err := makeDirs(f); err != nil {
		return nil, err
	}

	dbs := &dbSet{genesis: genesis, genesisPath: f.Genesis}
	gate := &gatedApp{Application: app}
	defer func() {
		// CometBFT panics on some kinds of damaged data; report it instead.
		if r := recover(); r != nil {
			err = &FileError{What: "data directory", Path: f.DataDir, Err: fmt.Errorf("%w: %v", ErrCorrupt, r)}
		}
		if err != nil {
			dbs.closeAll()
		}
	}()
	cmt, err := cmtnode.NewNode(cc, pv, nodeKey,
		proxy.NewLocalClientCreator(gate),
		func() (*types.GenesisDoc, error) { return genesis, nil },
		dbs.provide,
		cmtnode.DefaultMetricsProvider(cc.Instrumentation),
		cmtlog.New(logger),
	)
	if err != nil {
		return nil, fmt.Errorf("open node in %s: %w", cfg.Home, err)
	}
	return &Node{
		cfg:     cfg,
		logger:  logger,
		cmt:     cmt,
		client:  rpclocal.New(cmt),
		genesis: genesis,
		dbs:     dbs,
		gate:    gate,
	}, nil
}

// Start connects to peers, opens the RPC socket and starts consensus. It
// returns once the node runs; ctx only bounds the start. A failure to listen
// (a port in use) is returned; call Stop afterwards in any case.
func (n *Node) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.started || n.stopped {
		return errors.New("node: already started")
	}
	if err := n.cmt.Start(); err != nil {
		return fmt.Errorf("start node: %w", err)
	}
	n.started = true
	watchCtx, cancel := context.WithCancel(context.Background())
	n.stopWatch, n.watchDone, n.compactDone = cancel, make(chan struct{}), make(chan struct{})
	go n.logCommits(watchCtx, n.watchDone)
	go n.compactLoop(watchCtx, n.compactDone)
	n.logger.Info("node started",
		"chain_id", n.genesis.ChainID,
		"height", n.Height(),
		"node_id", n.NodeID(),
		"p2p", n.cfg.P2P.Listen,
		"rpc", rpcLabel(n.cfg.RPCListen),
		"validator", n.IsValidator())
	return nil
}

// Stop stops consensus, disconnects peers, closes the RPC socket and every
// database, leaving a home that New can open again. It is safe to call more
// than once and after a failed Start.
func (n *Node) Stop() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped {
		return n.stopResult
	}
	n.stopped = true
	n.gate.closing.Store(true) // refuse peers that arrive while stopping
	if n.stopWatch != nil {
		n.stopWatch()
		<-n.watchDone
		<-n.compactDone
	}
	var errs []error
	if n.cmt.IsRunning() {
		if err := n.cmt.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("stop CometBFT: %w", err))
		}
		n.cmt.Wait()
	} else {
		n.cmt.OnStop() // releases what NewNode opened
	}
	if err := n.cmt.ProxyApp().Stop(); err != nil {
		errs = append(errs, fmt.Errorf("stop application connections: %w", err))
	}
	height := n.Height()
	n.dbs.closeAll()
	n.stopResult = errors.Join(errs...)
	n.logger.Info("node stopped", "height", height)
	return n.stopResult
}

// Run starts the node, waits until ctx is done, then stops it.
func (n *Node) Run(ctx context.Context) error {
	if err := n.Start(ctx); err != nil {
		return errors.Join(err, n.Stop())
	}
	<-ctx.Done()
	return n.Stop()
}

// Client returns an RPC client that calls the node in-process, without a
// socket: BroadcastTxSync, Status, ABCIQuery, Subscribe and the rest of
// CometBFT's RPC.
func (n *Node) Client() *rpclocal.Local { return n.client }

// Height returns the height of the last block in the block store.
func (n *Node) Height() int64 { return n.cmt.BlockStore().Height() }

// ChainID returns the chain id from the genesis file.
func (n *Node) ChainID() string { return n.genesis.ChainID }

// NodeID returns the node's p2p ID.
func (n *Node) NodeID() string { return string(n.cmt.NodeInfo().ID()) }

// Genesis returns the genesis document the node runs.
func (n *Node) Genesis() *types.GenesisDoc { return n.genesis }

// IsValidator reports whether the node's consensus key is in the current
// validator set (at the last committed height, or in the genesis before the
// first block).
func (n *Node) IsValidator() bool {
	st, err := n.client.Status(context.Background())
	if err != nil {
		return false
	}
	if st.SyncInfo.LatestBlockHeight > 0 {
		return st.ValidatorInfo.VotingPower > 0
	}
	for _, v := range n.genesis.Validators {
		if v.PubKey.Equals(st.ValidatorInfo.PubKey) {
			return true
		}
	}
	return false
}

// WaitForHeight blocks until the block store reaches height h or ctx is done.
func (n *Node) WaitForHeight(ctx context.Context, h int64) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if cur := n.Height(); cur >= h {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for height %d (at %d): %w", h, n.Height(), ctx.Err())
		case <-t.C:
		}
	}
}

// rpcLabel describes the RPC listen address for logs.
func rpcLabel(addr string) string {
	if addr == "" {
		return "disabled"
	}
	return "http://" + addr
}
