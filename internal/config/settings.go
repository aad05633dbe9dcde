package config

import (
	"strings"
)

// setting describes one configuration key. The table below is the single
// source for the file format, the environment variables, the flags, the
// comments in a written file and validation.
type setting struct {
	key      string // dotted TOML key: section.name
	doc      string // one-line description, written as a comment above the key
	fileOnly bool   // no flag and no environment variable
	// field returns a pointer to the value in c: *string, *[]string, *bool,
	// *int64 or *time.Duration.
	field func(c *Config) any
	// check validates the value in c; nil means any value of the type is fine.
	check func(c *Config) error
}

// section returns the TOML table the setting lives in.
func (s setting) section() string { return s.key[:strings.IndexByte(s.key, '.')] }

// name returns the key inside its table.
func (s setting) name() string { return s.key[strings.IndexByte(s.key, '.')+1:] }

// env returns the environment variable that sets the key, e.g.
// STEGOS_P2P_LISTEN.
func (s setting) env() string {
	if s.fileOnly {
		return ""
	}
	return EnvPrefix + strings.ToUpper(strings.NewReplacer(".", "_").Replace(s.key))
}

// flag returns the command-line flag that sets the key, without dashes:
// the key with "." and "_" turned into "-", and the "node." prefix dropped
// (--moniker, --p2p-listen, --log-level).
func (s setting) flag() string {
	if s.fileOnly {
		return ""
	}
	return strings.NewReplacer(".", "-", "_", "-").Replace(strings.TrimPrefix(s.key, "node."))
}

// EnvPrefix starts every environment variable stegosd reads.
const EnvPrefix = "STEGOS_"

// EnvHome names the environment variable that sets the home directory.
const EnvHome = "STEGOS_HOME"

// sections lists the tables in the order a written file holds them.
var sections = []string{"node", "p2p", "rpc", "api", "consensus", "mempool", "statesync", "storage", "log"}

// settings lists every key, in file order.
var settings = []setting{
	{
		key:      "node.chain",
		doc:      "Network this home belongs to: dev, testnet or mainnet. Set by `stegosd init`.",
		fileOnly: true,
		field:    func(c *Config) any { return &c.Node.Chain },
		check:    func(c *Config) error { return oneOf(c.Node.Chain, ChainDev, ChainTestnet, ChainMainnet) },
	},
	{
		key:   "node.moniker",
		doc:   "Name shown to peers (printable ASCII, at most 64 characters).",
		field: func(c *Config) any { return &c.Node.Moniker },
		check: func(c *Config) error { return checkMoniker(c.Node.Moniker) },
	},
	{
		key:   "node.db_backend",
		doc:   "CometBFT block and state stores: goleveldb, or memdb (nothing kept; throwaway nodes only).",
		field: func(c *Config) any { return &c.Node.DBBackend },
		check: func(c *Config) error { return oneOf(c.Node.DBBackend, "goleveldb", "memdb") },
	},
	{
		key:   "p2p.listen",
		doc:   "Address CometBFT listens on for peers, host:port.",
		field: func(c *Config) any { return &c.P2P.Listen },
		check: func(c *Config) error { return checkAddr(c.P2P.Listen) },
	},
	{
		key:   "p2p.external_address",
		doc:   "Address advertised to peers, host:port; empty means the listen address.",
		field: func(c *Config) any { return &c.P2P.ExternalAddress },
		check: func(c *Config) error { return checkOptionalAddr(c.P2P.ExternalAddress) },
	},
	{
		key:   "p2p.persistent_peers",
		doc:   "Peers to stay connected to, node-id@host:port (comma-separated in flags and environment).",
		field: func(c *Config) any { return &c.P2P.PersistentPeers },
		check: func(c *Config) error { return checkPeers(c.P2P.PersistentPeers) },
	},
	{
		key:   "p2p.allow_duplicate_ip",
		doc:   "Accept several peers from one IP address (needed for a localnet on loopback).",
		field: func(c *Config) any { return &c.P2P.AllowDuplicateIP },
	},
	{
		key:   "p2p.addr_book_strict",
		doc:   "Keep private and loopback addresses out of the address book (false for a localnet).",
		field: func(c *Config) any { return &c.P2P.AddrBookStrict },
	},
	{
		key:   "p2p.pex",
		doc:   "Learn peers from peers (peer exchange). Off for dev chains and localnets, whose peers are all listed.",
		field: func(c *Config) any { return &c.P2P.PEX },
	},
	{
		key:   "rpc.listen",
		doc:   "CometBFT RPC (HTTP and WebSocket), host:port; empty disables it. Keep it on loopback.",
		field: func(c *Config) any { return &c.RPC.Listen },
		check: func(c *Config) error { return checkOptionalAddr(c.RPC.Listen) },
	},
	{
		key:   "api.listen",
		doc:   "Stegos JSON-RPC API, host:port; empty disables it. Keep it on loopback.",
		field: func(c *Config) any { return &c.API.Listen },
		check: func(c *Config) error { return checkOptionalAddr(c.API.Listen) },
	},
	{
		key:   "api.web",
		doc:   "Serve the web wallet and the block explorer (http://<api address>/ and /explorer); false turns them off, the API stays.",
		field: func(c *Config) any { return &c.API.Web },
	},
	{
		key:   "api.web_listen",
		doc:   "Serve the web wallet and the explorer on this host:port instead of api.listen (the API answers there too, for the wallet); empty: on api.listen.",
		field: func(c *Config) any { return &c.API.WebListen },
		check: func(c *Config) error { return checkWebListen(c.API.WebListen, c.API.Listen) },
	},
	{
		key:   "consensus.timeout_commit",
		doc:   "Pause after a block is committed before the next height starts: the block interval. 0s to 1m.",
		field: func(c *Config) any { return &c.Consensus.TimeoutCommit },
		check: func(c *Config) error { return checkDuration(c.Consensus.TimeoutCommit, 0) },
	},
	{
		key:   "consensus.timeout_propose",
		doc:   "How long a round waits for the proposer's block before moving on. Above 0s, at most 1m.",
		field: func(c *Config) any { return &c.Consensus.TimeoutPropose },
		check: func(c *Config) error { return checkDuration(c.Consensus.TimeoutPropose, 1) },
	},
	{
		key:   "mempool.defer_range_proofs",
		doc:   "Admit transactions before verifying their range proofs (verified in one batch per proposal). Off: a transaction enters the mempool only once its proofs verified.",
		field: func(c *Config) any { return &c.Mempool.DeferRangeProofs },
	},
	{
		key:   "mempool.quarantine_blocks",
		doc:   "Blocks for which the inputs of a signed transaction with a failing range proof stay refused. 0 means the default (100), at most 1000000.",
		field: func(c *Config) any { return &c.Mempool.QuarantineBlocks },
		check: func(c *Config) error { return checkRange(c.Mempool.QuarantineBlocks, 0, maxQuarantineBlocks) },
	},
	{
		key:   "statesync.enable",
		doc:   "Join the network from a snapshot (an empty data directory only): the state at a recent height, verified against the app hash of a header the light client checked, then the blocks after it.",
		field: func(c *Config) any { return &c.StateSync.Enable },
		check: func(c *Config) error { return checkStateSync(&c.StateSync) },
	},
	{
		key:   "statesync.rpc_servers",
		doc:   "CometBFT RPC addresses of the network's nodes, host:port or http(s)://host:port (comma-separated in flags and environment); the light client checks headers against them.",
		field: func(c *Config) any { return &c.StateSync.RPCServers },
		check: func(c *Config) error { return checkRPCServers(c.StateSync.RPCServers) },
	},
	{
		key:   "statesync.trust_height",
		doc:   "Height of a header you trust (with trust_hash); 0: trust the first RPC server's latest header (trust on first use).",
		field: func(c *Config) any { return &c.StateSync.TrustHeight },
		check: func(c *Config) error { return checkTrustHeight(&c.StateSync) },
	},
	{
		key:   "statesync.trust_hash",
		doc:   "Hash of the header at trust_height, 64 hex digits (`curl <rpc>/commit?height=H`, .signed_header.commit.block_id.hash).",
		field: func(c *Config) any { return &c.StateSync.TrustHash },
		check: func(c *Config) error { return checkTrust(&c.StateSync) },
	},
	{
		key:   "statesync.trust_period",
		doc:   "How old the trusted header may be, e.g. 168h.",
		field: func(c *Config) any { return &c.StateSync.TrustPeriod },
		check: func(c *Config) error { return checkTrustPeriod(c.StateSync.TrustPeriod) },
	},
	{
		key:   "statesync.snapshot_interval",
		doc:   "Take a snapshot for joining nodes every this many blocks (0: none, and blocks are pruned by retention alone). At most 1000000.",
		field: func(c *Config) any { return &c.StateSync.SnapshotInterval },
		check: func(c *Config) error { return checkRange(c.StateSync.SnapshotInterval, 0, maxSnapshotInterval) },
	},
	{
		key:   "statesync.snapshot_keep",
		doc:   "How many snapshots stay on disk, 1 to 100.",
		field: func(c *Config) any { return &c.StateSync.SnapshotKeep },
		check: func(c *Config) error { return checkRange(c.StateSync.SnapshotKeep, 1, maxSnapshotKeep) },
	},
	{
		key:   "storage.archive",
		doc:   "Keep every block and payload. Off: blocks older than the chain's payload retention (dev 600 blocks, mainnet 21 days) are pruned, never one the oldest snapshot served still needs.",
		field: func(c *Config) any { return &c.Storage.Archive },
	},
	{
		key:   "log.level",
		doc:   "trace, debug, info, warn or error. CometBFT's own info lines show from debug.",
		field: func(c *Config) any { return &c.Log.Level },
		check: func(c *Config) error { return oneOf(c.Log.Level, LogLevels...) },
	},
	{
		key:   "log.format",
		doc:   "text or json.",
		field: func(c *Config) any { return &c.Log.Format },
		check: func(c *Config) error { return oneOf(c.Log.Format, "text", "json") },
	},
}

// LogLevels lists the accepted values of log.level, most verbose first.
var LogLevels = []string{"trace", "debug", "info", "warn", "error"}

// lookup returns the setting for a dotted key.
func lookup(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

// isSection reports whether name is a known table.
func isSection(name string) bool {
	for _, s := range sections {
		if s == name {
			return true
		}
	}
	return false
}
