package app

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// Version is reported to CometBFT in Info.
const Version = "0.1.0"

// AppVersion is the application protocol version.
const AppVersion uint64 = 1

// Cache sizes.
const (
	verdictCacheSize = 100_000
)

// Config is what an App runs with.
type Config struct {
	Params params.Params
	// State is the opened ledger state; the App does not close it.
	State  *state.State
	Logger *slog.Logger
	// Proposer signs this node's beacon contributions; nil: its proposals
	// carry none (and are rejected once its stake registers a VRF key).
	Proposer *Proposer
	// Mempool is this node's admission policy (node-local: it never
	// changes what a block may contain).
	Mempool MempoolConfig
	// Snapshots is this node's state-sync snapshot policy (snapshot.go).
	Snapshots SnapshotConfig
	// Archive keeps every block: Commit never asks CometBFT to prune
	// (ADR 0021). Off, blocks older than Params.PayloadRetention go.
	Archive bool
}

// MempoolConfig is the admission policy of CheckTx (ADR 0018).
type MempoolConfig struct {
	// DeferRangeProofs leaves range proofs out of CheckTx, to be verified
	// in one batch per proposal. Off by default: a transaction is admitted
	// only once its proof verified, so the mempool never holds one that
	// cannot enter a block.
	DeferRangeProofs bool
	// QuarantineBlocks is how many blocks this node refuses spends of the
	// inputs of a signed transaction whose range proof failed (0: the
	// default, DefaultQuarantineBlocks). The signature proves the inputs'
	// owner made it, so the owner pays with the coin's mobility.
	QuarantineBlocks int64
}

// DefaultQuarantineBlocks is MempoolConfig.QuarantineBlocks's default.
const DefaultQuarantineBlocks = 100

// App is the ABCI application.
type App struct {
	abci.BaseApplication

	log     *slog.Logger
	params  params.Params
	st      *state.State
	mempool MempoolConfig

	// mu guards everything below against readers outside CometBFT's
	// connections (the API); CometBFT itself serialises ABCI calls.
	mu    sync.Mutex
	cache *cache
	// pool indexes the inputs of the transactions in CometBFT's mempool
	// (mempool.go).
	pool *poolIndex
	// scheduleMismatches counts blocks whose proposer the proposer
	// schedule replica did not predict (proposers.go).
	scheduleMismatches atomic.Int64
	// proofChecks counts range proof verifications (single or batch): what
	// an attacker makes this node spend (ProofChecks).
	proofChecks atomic.Int64

	proposals map[string]*blockResult // ProcessProposal results by block hash
	final     *blockResult            // FinalizeBlock's result awaiting Commit

	// proposer signs this node's beacon contributions (nil: none).
	proposer *Proposer

	// snaps takes and serves snapshots and holds a restore (snapshot.go).
	snaps   *snapshots
	archive bool
}

// New returns the application over an opened state.
func New(cfg Config) (*App, error) {
	if cfg.State == nil {
		return nil, errors.New("app: no state")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Mempool.QuarantineBlocks < 0 {
		return nil, fmt.Errorf("app: mempool quarantine of %d blocks", cfg.Mempool.QuarantineBlocks)
	}
	if cfg.Mempool.QuarantineBlocks == 0 {
		cfg.Mempool.QuarantineBlocks = DefaultQuarantineBlocks
	}
	// A restore that stopped half-way left records but no chain: wipe
	// them, so CometBFT state-syncs again (or starts from genesis).
	// Expired payloads leave the disk at least four times per window
	// (and every 100 blocks on long windows).
	cfg.State.SetCompactEvery(min(100, cfg.Params.PayloadRetention/4))
	if wiped, err := cfg.State.RecoverRestore(); err != nil {
		return nil, fmt.Errorf("app: clearing an interrupted state sync: %w", err)
	} else if wiped {
		cfg.Logger.Warn("an interrupted state sync left a partial ledger state; it was wiped", "dir", cfg.State.Path())
	}
	snaps, err := newSnapshots(cfg.Snapshots, cfg.State, cfg.Logger)
	if err != nil {
		return nil, err
	}
	snaps.retention = cfg.Params.PayloadRetention
	return &App{
		log:       cfg.Logger,
		params:    cfg.Params,
		st:        cfg.State,
		mempool:   cfg.Mempool,
		cache:     newCache(verdictCacheSize),
		pool:      newPoolIndex(),
		proposals: make(map[string]*blockResult),
		proposer:  cfg.Proposer,
		snaps:     snaps,
		archive:   cfg.Archive,
	}, nil
}

// ProofChecks returns how many range proof verifications (a single proof
// or a batch) this app has run.
func (a *App) ProofChecks() int64 { return a.proofChecks.Load() }

// State returns the application's state (for read-only use).
func (a *App) State() *state.State { return a.st }

// Params returns the chain parameters.
func (a *App) Params() params.Params { return a.params }

var _ abci.Application = (*App)(nil)

// Info tells CometBFT where the application is, so it replays what is missing.
func (a *App) Info(context.Context, *abci.RequestInfo) (*abci.ResponseInfo, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	resp := &abci.ResponseInfo{Data: "stegos", Version: Version, AppVersion: AppVersion}
	if m := a.st.Meta(); m != nil {
		resp.LastBlockHeight = m.Height
		resp.LastBlockAppHash = m.AppHash()
	}
	return resp, nil
}

// InitChain loads the genesis allocations from the genesis app_state.
func (a *App) InitChain(_ context.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.ChainId != a.params.ChainID {
		return nil, fmt.Errorf("app: genesis chain id %q, this node runs %q (%s)", req.ChainId, a.params.ChainID, a.params.Network)
	}
	g, err := ParseGenesis(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	if m := a.st.Meta(); m != nil {
		// Crash after InitChain and before block 1: CometBFT calls again.
		if m.Height != 0 {
			return nil, fmt.Errorf("app: InitChain on a state at height %d", m.Height)
		}
		a.log.Info("genesis already loaded", "app_hash", hex.EncodeToString(m.AppHash()))
		return &abci.ResponseInitChain{AppHash: m.AppHash()}, nil
	}
	if err := g.VerifyRangeProofs(); err != nil {
		return nil, err
	}
	if err := CheckGenesisStakes(&a.params, g.outputs); err != nil {
		return nil, err
	}
	blk, err := a.st.Genesis(g.outputs, g.Supply, g.gamma)
	if err != nil {
		return nil, err
	}
	if err := a.genesisValidators(blk, req.Validators); err != nil {
		blk.Discard()
		return nil, err
	}
	sched, err := genesisSchedule(req.Validators)
	if err == nil && sched != nil {
		err = saveSchedule(blk, sched)
	}
	if err != nil {
		blk.Discard()
		return nil, err
	}
	meta, err := blk.Finish()
	if err != nil {
		blk.Discard()
		return nil, fmt.Errorf("app: genesis: %w", err)
	}
	if err := blk.Commit(); err != nil {
		return nil, err
	}
	a.log.Info("genesis loaded", "outputs", len(g.outputs), "supply_ustg", g.Supply, "app_hash", hex.EncodeToString(meta.AppHash()))
	return &abci.ResponseInitChain{AppHash: meta.AppHash()}, nil
}

// PrepareProposal orders the mempool's transactions by fee per byte (ties
// by id), drops those no longer valid and fills the block up to its limits.
func (a *App) PrepareProposal(_ context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	type cand struct {
		tx []byte
		v  *verdict
	}
	var cands []cand
	var vs []*verdict
	for _, tx := range req.Txs {
		v := a.stateless(tx)
		if v.err != nil {
			continue
		}
		cands = append(cands, cand{tx, v})
		vs = append(vs, v)
	}
	for _, v := range a.verifyRanges(vs) {
		// Only deferred admission lets a bad proof reach a proposal.
		a.pool.punish(v.checked.Tx.Inputs, req.Height+a.mempool.QuarantineBlocks-1)
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		// x before y if fee_x/size_x > fee_y/size_y.
		xh, xl := bits.Mul64(x.v.checked.Tx.Fee, uint64(y.v.checked.Size))
		yh, yl := bits.Mul64(y.v.checked.Tx.Fee, uint64(x.v.checked.Size))
		if xh != yh {
			return cmpU64(yh, xh)
		}
		if xl != yl {
			return cmpU64(yl, xl)
		}
		return slices.Compare(x.v.checked.ID[:], y.v.checked.ID[:])
	})
	blk, err := a.st.NewBlock(req.Height)
	if err != nil {
		return nil, err
	}
	defer blk.Discard()
	var out [][]byte
	var size int64
	if btx, err := a.beaconTx(req.Height); err != nil {
		return nil, err
	} else if btx != nil && address(a.proposer.Key) == string(req.ProposerAddress) {
		out = append(out, btx)
		size += int64(len(btx))
	}
	for _, c := range cands {
		if c.v.err != nil || len(out) >= a.params.MaxBlockTxs {
			continue
		}
		if size+int64(len(c.tx)) > req.MaxTxBytes || size+int64(len(c.tx)) > a.params.MaxBlockBytes {
			continue
		}
		if err := a.stateful(c.v, blk, req.Height); err != nil {
			if ledger.KindOf(err) == 0 {
				return nil, err
			}
			continue
		}
		if err := blk.ApplyTx(c.v.checked); err != nil {
			return nil, err
		}
		out = append(out, c.tx)
		size += int64(len(c.tx))
	}
	return &abci.ResponsePrepareProposal{Txs: out}, nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ProcessProposal fully validates a proposed block — the cheap checks of
// every transaction (inputs, balance, signature) first, then one batch
// verification of the range proofs it does not know yet, without bisection:
// a proposal whose batch fails is rejected (ADR 0018) — and keeps the
// applied result for FinalizeBlock.
func (a *App) ProcessProposal(_ context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(req.Txs) > a.params.MaxBlockTxs {
		a.log.Warn("rejecting proposal", "height", req.Height, "reason", "too many transactions", "txs", len(req.Txs))
		return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
	}
	res, err := a.execute(req.Height, req.Txs, blockInfo{votes: req.ProposedLastCommit.Votes, lastRound: req.ProposedLastCommit.Round, misbehavior: req.Misbehavior, proposer: req.ProposerAddress}, true)
	if err != nil {
		return nil, err
	}
	if i, err := res.firstError(); err != nil {
		a.log.Warn("rejecting proposal", "height", req.Height, "tx", i, "reason", err)
		return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
	}
	res.hash = string(req.Hash)
	if old, ok := a.proposals[res.hash]; ok {
		old.block.Discard()
	}
	a.proposals[res.hash] = res
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
}

// FinalizeBlock applies a decided block. It reuses ProcessProposal's result
// for the same block; during replay and block sync it validates afresh.
func (a *App) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	res, ok := a.proposals[string(req.Hash)]
	if ok {
		delete(a.proposals, string(req.Hash))
	} else {
		var err error
		if res, err = a.execute(req.Height, req.Txs, blockInfo{votes: req.DecidedLastCommit.Votes, lastRound: req.DecidedLastCommit.Round, misbehavior: req.Misbehavior, proposer: req.ProposerAddress}, false); err != nil {
			return nil, err
		}
	}
	for h, p := range a.proposals {
		p.block.Discard()
		delete(a.proposals, h)
	}
	if a.final != nil {
		a.final.block.Discard()
	}
	a.final = res
	txResults := make([]*abci.ExecTxResult, len(req.Txs))
	applied := res.applied // the accepted txs' verdicts, in block order
	for i, err := range res.results {
		if err != nil {
			txResults[i] = &abci.ExecTxResult{Code: uint32(ledger.KindOf(err)), Codespace: "ledger", Log: err.Error()}
			continue
		}
		if i == 0 && IsBeaconTx(req.Txs[0]) {
			txResults[i] = &abci.ExecTxResult{Code: abci.CodeTypeOK, Codespace: CodespaceBeacon}
			continue
		}
		txResults[i] = &abci.ExecTxResult{Code: abci.CodeTypeOK, Events: []abci.Event{txEvent(applied[0].checked.ID)}}
		applied = applied[1:]
	}
	return &abci.ResponseFinalizeBlock{TxResults: txResults, ValidatorUpdates: res.updates, AppHash: res.meta.AppHash()}, nil
}

// CodespaceBeacon marks the result of a block's beacon contribution, which
// is not a ledger transaction.
const CodespaceBeacon = "beacon"

// Commit makes the finalized block durable.
func (a *App) Commit(context.Context, *abci.RequestCommit) (*abci.ResponseCommit, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	res := a.final
	if res == nil {
		return nil, errors.New("app: Commit without FinalizeBlock")
	}
	a.final = nil
	if err := res.block.Commit(); err != nil {
		return nil, err
	}
	// Applied transactions can never be valid again (their inputs are
	// spent): forget their verdicts. The rechecks that follow rebuild the
	// conflict index.
	for _, k := range res.keys {
		a.cache.drop(k)
	}
	a.pool.newBlock(res.meta.Height)
	a.snaps.committed(res.meta.Height)
	applied := len(res.applied)
	a.log.Debug("committed", "height", res.meta.Height, "txs", applied, "supply_ustg", res.meta.Supply)
	return &abci.ResponseCommit{RetainHeight: a.retainHeight(res.meta.Height)}, nil
}
