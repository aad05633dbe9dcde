package chainnode

import (
	"log/slog"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

// FromConfig turns stegosd's configuration of home into Open's.
func FromConfig(home string, c *config.Config, logger *slog.Logger) Config {
	nc := node.DefaultConfig(home)
	nc.Moniker = c.Node.Moniker
	nc.DBBackend = c.Node.DBBackend
	nc.P2P = node.P2PConfig{
		Listen:           c.P2P.Listen,
		ExternalAddress:  c.P2P.ExternalAddress,
		PersistentPeers:  c.P2P.PersistentPeers,
		AllowDuplicateIP: c.P2P.AllowDuplicateIP,
		AddrBookStrict:   c.P2P.AddrBookStrict,
		PEX:              c.P2P.PEX,
	}
	nc.RPCListen = c.RPC.Listen
	nc.Timeouts.Commit = c.Consensus.TimeoutCommit
	nc.Timeouts.Propose = c.Consensus.TimeoutPropose
	nc.StateSync = node.StateSyncConfig{
		Enable:      c.StateSync.Enable,
		RPCServers:  c.StateSync.RPCServers,
		TrustHeight: c.StateSync.TrustHeight,
		TrustHash:   c.StateSync.TrustHash,
		TrustPeriod: c.StateSync.TrustPeriod,
	}
	return Config{
		Node: nc,
		Mempool: app.MempoolConfig{
			DeferRangeProofs: c.Mempool.DeferRangeProofs,
			QuarantineBlocks: c.Mempool.QuarantineBlocks,
		},
		Snapshots: app.SnapshotConfig{
			Dir:      SnapshotDir(home),
			Interval: c.StateSync.SnapshotInterval,
			Keep:     int(c.StateSync.SnapshotKeep),
		},
		Archive: c.Storage.Archive,
		Logger:  logger,
	}
}
