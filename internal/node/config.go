package node

import (
	"errors"
	"fmt"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// Config is what a Node needs besides its application: where its home is and
// how CometBFT should behave. Start from DefaultConfig.
type Config struct {
	Home    string // directory holding config/ and data/
	Moniker string // name shown to peers
	// DBBackend is "goleveldb" (the default) or "memdb" (nothing is kept;
	// for tests).
	DBBackend string
	P2P       P2PConfig
	// RPCListen is the host:port of CometBFT's RPC server; empty disables
	// the socket (Node.Client works regardless).
	RPCListen string
	Timeouts  Timeouts
	// PrivateMempool keeps the transactions submitted to this node out of
	// gossip (CometBFT's mempool.broadcast = false): they reach a block only
	// when this node proposes it. Validators behind sentry nodes use it.
	PrivateMempool bool
	// StateSync joins from a snapshot (statesync.go).
	StateSync StateSyncConfig
	// CompactEvery compacts the block store once per this many pruned
	// blocks (prune.go); 0 means DefaultCompactEvery.
	CompactEvery int64
}

// P2PConfig configures CometBFT's peer-to-peer layer.
type P2PConfig struct {
	Listen          string   // host:port
	ExternalAddress string   // host:port advertised to peers; empty = Listen
	PersistentPeers []string // node-id@host:port
	// AllowDuplicateIP accepts several peers from one IP address; a network
	// of nodes on one loopback address needs it.
	AllowDuplicateIP bool
	// AddrBookStrict keeps private and loopback addresses out of the address
	// book; a loopback network needs it off.
	AddrBookStrict bool
	// PEX turns on peer exchange: learning peers from peers. A network whose
	// nodes all list each other as persistent peers does not need it. With it
	// on, CometBFT v0.38 writes config/addrbook.json once more just after
	// Stop returns, from a goroutine it does not wait for.
	PEX bool
}

// Timeouts are CometBFT's consensus timeouts. Commit is the pause after a
// commit, so it sets the block interval; Propose is how long a round waits
// for a proposal (a stopped proposer costs that much); the deltas are added
// per extra round.
type Timeouts struct {
	Propose, ProposeDelta     time.Duration
	Prevote, PrevoteDelta     time.Duration
	Precommit, PrecommitDelta time.Duration
	Commit                    time.Duration
}

// DefaultConfig returns CometBFT's defaults for a node in home: p2p on
// 0.0.0.0:26656, RPC on 127.0.0.1:26657, goleveldb, 1 s block interval.
func DefaultConfig(home string) Config {
	d := cmtcfg.DefaultConfig()
	return Config{
		Home:      home,
		Moniker:   "stegos",
		DBBackend: "goleveldb",
		P2P: P2PConfig{
			Listen:         "0.0.0.0:26656",
			AddrBookStrict: true,
			PEX:            true,
		},
		RPCListen: "127.0.0.1:26657",
		Timeouts: Timeouts{
			Propose:        d.Consensus.TimeoutPropose,
			ProposeDelta:   d.Consensus.TimeoutProposeDelta,
			Prevote:        d.Consensus.TimeoutPrevote,
			PrevoteDelta:   d.Consensus.TimeoutPrevoteDelta,
			Precommit:      d.Consensus.TimeoutPrecommit,
			PrecommitDelta: d.Consensus.TimeoutPrecommitDelta,
			Commit:         d.Consensus.TimeoutCommit,
		},
	}
}

// comet builds CometBFT's configuration. Everything not set here keeps
// CometBFT's default; Prometheus and pprof are off (stegosd serves metrics
// itself later).
func (c Config) comet() (*cmtcfg.Config, error) {
	if c.Home == "" {
		return nil, errors.New("node config: no home directory")
	}
	if c.P2P.Listen == "" {
		return nil, errors.New("node config: no p2p listen address")
	}
	cc := cmtcfg.DefaultConfig()
	cc.SetRoot(c.Home)
	cc.Moniker = c.Moniker
	if c.DBBackend != "" {
		cc.DBBackend = c.DBBackend
	}
	cc.P2P.ListenAddress = tcp(c.P2P.Listen)
	if c.P2P.ExternalAddress != "" {
		cc.P2P.ExternalAddress = tcp(c.P2P.ExternalAddress)
	}
	cc.P2P.PersistentPeers = strings.Join(c.P2P.PersistentPeers, ",")
	cc.P2P.AllowDuplicateIP = c.P2P.AllowDuplicateIP
	cc.P2P.AddrBookStrict = c.P2P.AddrBookStrict
	cc.P2P.PexReactor = c.P2P.PEX
	cc.FilterPeers = true // see gatedApp
	cc.RPC.ListenAddress = ""
	if c.RPCListen != "" {
		cc.RPC.ListenAddress = tcp(c.RPCListen)
	}
	cc.RPC.PprofListenAddress = ""
	cc.Mempool.Broadcast = !c.PrivateMempool
	// After every block CometBFT re-runs CheckTx on what stays in the
	// mempool: the application rebuilds its index of pending inputs from
	// it and evicts transactions the block made invalid. Never off.
	cc.Mempool.Type = cmtcfg.MempoolTypeFlood
	cc.Mempool.Recheck = true
	cc.Instrumentation.Prometheus = false
	c.StateSync.apply(cc)
	// No transaction indexer: CometBFT's kv indexer keeps every
	// transaction's bytes forever and cannot be pruned in v0.38, so it
	// would keep the payloads every node must drop after the retention
	// window. The application indexes the window itself (app.QueryTx).
	cc.TxIndex.Indexer = "null"

	t := c.Timeouts
	cc.Consensus.TimeoutPropose = t.Propose
	cc.Consensus.TimeoutProposeDelta = t.ProposeDelta
	cc.Consensus.TimeoutPrevote = t.Prevote
	cc.Consensus.TimeoutPrevoteDelta = t.PrevoteDelta
	cc.Consensus.TimeoutPrecommit = t.Precommit
	cc.Consensus.TimeoutPrecommitDelta = t.PrecommitDelta
	cc.Consensus.TimeoutCommit = t.Commit

	if err := cc.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("node config: %w", err)
	}
	return cc, nil
}

// tcp adds the scheme CometBFT wants on listen addresses.
func tcp(addr string) string {
	if strings.Contains(addr, "://") {
		return addr
	}
	return "tcp://" + addr
}
