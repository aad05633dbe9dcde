package config

import (
	"path/filepath"
	"time"
)

// FileName is the name of the configuration file inside a home directory.
const FileName = "stegos.toml"

// Networks a home can belong to; the value of node.chain.
const (
	ChainDev     = "dev"
	ChainTestnet = "testnet"
	ChainMainnet = "mainnet"
)

// Config is stegosd's configuration. Addresses are host:port without a
// scheme; an empty RPC or API address disables that listener.
type Config struct {
	Node      NodeSection
	P2P       P2PSection
	RPC       RPCSection
	API       APISection
	Consensus ConsensusSection
	Mempool   MempoolSection
	StateSync StateSyncSection
	Storage   StorageSection
	Log       LogSection
}

// NodeSection is the [node] table.
type NodeSection struct {
	Chain     string // dev, testnet or mainnet; set by `stegosd init`
	Moniker   string // name shown to peers
	DBBackend string // CometBFT's stores: goleveldb, or memdb for throwaway nodes
}

// P2PSection is the [p2p] table: CometBFT's peer-to-peer layer.
type P2PSection struct {
	Listen           string   // address peers connect to
	ExternalAddress  string   // address advertised to peers, if not Listen
	PersistentPeers  []string // node-id@host:port, always (re)dialled
	AllowDuplicateIP bool     // accept several peers from one IP (loopback networks)
	AddrBookStrict   bool     // refuse private and loopback addresses in the address book
	PEX              bool     // exchange peer addresses with peers
}

// RPCSection is the [rpc] table: CometBFT's own RPC server.
type RPCSection struct {
	Listen string
}

// APISection is the [api] table: the Stegos JSON-RPC API, and the web
// wallet and explorer served beside it (ADR 0019).
type APISection struct {
	Listen string
	// Web serves the web wallet and the explorer: on Listen, or on
	// WebListen when that is set. False turns the pages off (the API
	// stays).
	Web bool
	// WebListen, when set, is the pages' own address; the API answers
	// there too, as the wallet calls it from its own origin.
	WebListen string
}

// ConsensusSection is the [consensus] table. Both timeouts are local to the
// node: timeout_commit sets the block interval, timeout_propose how long a
// round waits for a missing proposer.
type ConsensusSection struct {
	TimeoutCommit  time.Duration
	TimeoutPropose time.Duration
}

// MempoolSection is the [mempool] table: this node's admission policy for
// transactions (CheckTx). It is local to the node: it never changes what a
// block may contain.
type MempoolSection struct {
	// DeferRangeProofs admits transactions before their range proofs are
	// verified, verifying them in one batch per proposal.
	DeferRangeProofs bool
	// QuarantineBlocks is how many blocks the inputs of a signed
	// transaction whose range proof failed stay refused; 0 means the
	// application's default.
	QuarantineBlocks int64
}

// StateSyncSection is the [statesync] table (ADR 0021): the snapshots this
// node takes and serves, and joining a network from one of them instead of
// replaying every block.
type StateSyncSection struct {
	// Enable state-syncs a node whose data directory is empty.
	Enable bool
	// RPCServers are CometBFT RPC addresses of the network's nodes
	// (host:port or http(s) URLs), at least one; the light client checks
	// the snapshot's app hash against their headers.
	RPCServers []string
	// TrustHeight and TrustHash pin a header of the chain (both or
	// neither); without them the node trusts the first RPC server's latest
	// header (trust on first use).
	TrustHeight int64
	TrustHash   string
	// TrustPeriod is how old a trusted header may be.
	TrustPeriod time.Duration
	// SnapshotInterval takes a snapshot every so many blocks (0: none).
	SnapshotInterval int64
	// SnapshotKeep is how many snapshots stay on disk.
	SnapshotKeep int64
}

// StorageSection is the [storage] table.
type StorageSection struct {
	// Archive keeps every block (and with it every payload): no pruning.
	Archive bool
}

// LogSection is the [log] table.
type LogSection struct {
	Level  string // trace, debug, info, warn or error
	Format string // text or json
}

// Default returns the built-in defaults: a mainnet node listening for peers
// on every interface and serving CometBFT RPC and the API on loopback only.
func Default() Config {
	return Config{
		Node: NodeSection{
			Chain:     ChainMainnet,
			Moniker:   "stegos",
			DBBackend: "goleveldb",
		},
		P2P: P2PSection{
			Listen:         "0.0.0.0:26656",
			AddrBookStrict: true,
			PEX:            true,
		},
		RPC: RPCSection{Listen: "127.0.0.1:26657"},
		API: APISection{Listen: "127.0.0.1:3145", Web: true},
		Consensus: ConsensusSection{
			TimeoutCommit:  time.Second,
			TimeoutPropose: 3 * time.Second,
		},
		StateSync: StateSyncSection{
			TrustPeriod:      DefaultTrustPeriod,
			SnapshotInterval: 1000,
			SnapshotKeep:     2,
		},
		Log: LogSection{Level: "info", Format: "text"},
	}
}

// DefaultTrustPeriod is statesync.trust_period's default, CometBFT's.
const DefaultTrustPeriod = 168 * time.Hour

// DevSnapshotInterval is statesync.snapshot_interval on dev chains and
// localnets: a snapshot every 100 blocks (about 100 s).
const DevSnapshotInterval = 100

// FilePath returns the path of the configuration file in home.
func FilePath(home string) string {
	return filepath.Join(home, FileName)
}
