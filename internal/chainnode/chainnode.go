package chainnode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/node"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/params"
)

// Config is what Open needs.
type Config struct {
	// Node is the CometBFT side: the home, addresses, timeouts.
	Node node.Config
	// Mempool is the application's admission policy.
	Mempool app.MempoolConfig
	// Snapshots is the state-sync snapshot policy; an empty Dir means
	// SnapshotDir(home).
	Snapshots app.SnapshotConfig
	// Archive keeps every block (no pruning).
	Archive bool
	// Logger receives the logs of the state, the application and the node;
	// nil discards them.
	Logger *slog.Logger
	// TuneParams, if set, changes the chain parameters the genesis's chain
	// id selects. For tests that need a short window (such as
	// PayloadRetention): every node of a chain must tune them alike.
	TuneParams func(*params.Params)
}

// Node is a node of a Stegos chain: the CometBFT node with the application
// and the ledger state it runs. Stop stops the node and closes the state.
type Node struct {
	*node.Node
	// App is the ABCI application.
	App *app.App
	// State is the ledger state the application commits to.
	State *state.State
	// Params are the chain parameters of the genesis's chain id.
	Params params.Params

	closeOnce sync.Once
	closeErr  error
}

// LedgerDir is where a home keeps the ledger state.
func LedgerDir(home string) string { return filepath.Join(home, "data", "ledger") }

// SnapshotDir is where a home keeps its state-sync snapshots.
func SnapshotDir(home string) string { return filepath.Join(home, "data", "snapshots") }

// OpenState opens the ledger state of home. A state another process holds
// open is reported as node.ErrHomeLocked.
func OpenState(home string, logger *slog.Logger) (*state.State, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st, err := state.Open(LedgerDir(home), logger.With("module", "state"))
	if errors.Is(err, store.ErrLocked) {
		return nil, &node.FileError{What: "ledger state", Path: LedgerDir(home), Err: node.ErrHomeLocked}
	}
	if err != nil {
		return nil, fmt.Errorf("open ledger state %s: %w", LedgerDir(home), err)
	}
	return st, nil
}

// Open opens the ledger state of the home cfg.Node.Home, with the chain
// parameters of the chain its genesis names, builds the application (with
// the node's consensus and VRF keys as its proposer keys) and the CometBFT
// node around it. The node has caught up with its block store (CometBFT's
// handshake) but is not started: call Start, and Stop in any case.
func Open(cfg Config) (*Node, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	home := cfg.Node.Home
	gen, err := node.LoadGenesis(home)
	if err != nil {
		return nil, err
	}
	p, err := params.ByChainID(gen.ChainID)
	if err == nil && cfg.TuneParams != nil {
		cfg.TuneParams(&p)
	}
	if err != nil {
		return nil, &node.FileError{What: "genesis", Path: node.HomeFiles(home).Genesis, Err: err}
	}
	pk, err := node.LoadProposerKeys(home)
	if err != nil {
		return nil, err
	}
	st, err := OpenState(home, logger)
	if err != nil {
		return nil, err
	}
	logger.Info("ledger state opened", "network", p.Network, "chain_id", p.ChainID, "dir", st.Path(), "height", Height(st))
	if cfg.Snapshots.Dir == "" {
		cfg.Snapshots.Dir = SnapshotDir(home)
	}
	a, err := app.New(app.Config{
		Params:    p,
		State:     st,
		Logger:    logger.With("module", "app"),
		Proposer:  &app.Proposer{Key: pk.Consensus, VRF: pk.VRF},
		Mempool:   cfg.Mempool,
		Snapshots: cfg.Snapshots,
		Archive:   cfg.Archive,
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("application: %w", err), st.Close())
	}
	n, err := node.New(cfg.Node, a, logger)
	if err != nil {
		a.Close()
		return nil, errors.Join(err, st.Close())
	}
	return &Node{Node: n, App: a, State: st, Params: p}, nil
}

// Stop stops the node, then closes the ledger state. It is safe to call
// more than once.
func (n *Node) Stop() error {
	n.closeOnce.Do(func() {
		n.closeErr = n.Node.Stop()
		n.App.Close() // a snapshot being written
		if err := n.State.Close(); err != nil {
			n.closeErr = errors.Join(n.closeErr, fmt.Errorf("close ledger state: %w", err))
		}
	})
	return n.closeErr
}

// Height returns the last height committed to st, -1 before genesis.
func Height(st *state.State) int64 {
	if m := st.Meta(); m != nil {
		return m.Height
	}
	return -1
}

// Run starts the node, waits until ctx is done, then stops it and closes
// the state.
func (n *Node) Run(ctx context.Context) error {
	if err := n.Start(ctx); err != nil {
		return errors.Join(err, n.Stop())
	}
	<-ctx.Done()
	return n.Stop()
}
