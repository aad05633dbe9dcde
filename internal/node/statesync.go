package node

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// StateSyncConfig makes a node with an empty data directory join from a
// snapshot (ADR 0021): CometBFT's light client verifies a header of the
// network against RPCServers, from a trusted header, and the application
// checks the snapshot against that header's app hash.
type StateSyncConfig struct {
	Enable bool
	// RPCServers are CometBFT RPC addresses of the network's nodes
	// (host:port or URLs). CometBFT wants two: the first is the light
	// client's primary, the others witnesses it cross-checks; a single
	// server is used twice (no cross-check).
	RPCServers []string
	// TrustHeight and TrustHash pin a header. Without them the node trusts
	// the first RPC server's latest header (trust on first use), and logs
	// it so the operator can pin it.
	TrustHeight int64
	TrustHash   string
	// TrustPeriod is how old a trusted header may be (0: CometBFT's 168h).
	TrustPeriod time.Duration
	// DiscoveryTime is how long CometBFT gathers snapshots from peers
	// before choosing one (0: CometBFT's 15 s; at least 5 s).
	DiscoveryTime time.Duration
}

// tofuTimeout bounds the request for the header trusted on first use.
const tofuTimeout = 10 * time.Second

// rpcURL adds http:// to an RPC address without a scheme (tcp:// is
// CometBFT's spelling of it).
func rpcURL(s string) string {
	s = strings.TrimSuffix(s, "/")
	if strings.HasPrefix(s, "tcp://") {
		return "http://" + strings.TrimPrefix(s, "tcp://")
	}
	if !strings.Contains(s, "://") {
		return "http://" + s
	}
	return s
}

// apply sets CometBFT's [statesync] section.
func (s StateSyncConfig) apply(cc *cmtcfg.Config) {
	cc.StateSync.Enable = s.Enable
	if !s.Enable {
		return
	}
	for _, r := range s.RPCServers {
		cc.StateSync.RPCServers = append(cc.StateSync.RPCServers, rpcURL(r))
	}
	if len(cc.StateSync.RPCServers) == 1 {
		// CometBFT requires a witness; the same server checks nothing more.
		cc.StateSync.RPCServers = append(cc.StateSync.RPCServers, cc.StateSync.RPCServers[0])
	}
	cc.StateSync.TrustHeight = s.TrustHeight
	cc.StateSync.TrustHash = strings.ToLower(s.TrustHash)
	if s.TrustPeriod > 0 {
		cc.StateSync.TrustPeriod = s.TrustPeriod
	}
	if s.DiscoveryTime > 0 {
		cc.StateSync.DiscoveryTime = s.DiscoveryTime
	}
	cc.StateSync.TempDir = ""
}

// prepareStateSync decides whether state sync runs and completes its
// trust: a node whose application holds a state already never state-syncs
// (CometBFT would skip it too, but would still insist on a trusted header);
// without a trusted header, the first RPC server's latest one is fetched.
func prepareStateSync(ctx context.Context, s *StateSyncConfig, app abcitypes.Application, logger *slog.Logger) error {
	if !s.Enable {
		return nil
	}
	info, err := app.Info(ctx, &abcitypes.RequestInfo{})
	if err != nil {
		return fmt.Errorf("node: state sync: %w", err)
	}
	if info.LastBlockHeight > 0 {
		logger.Info("state sync not needed: the ledger state is at a height already", "height", info.LastBlockHeight)
		s.Enable = false
		return nil
	}
	if len(s.RPCServers) == 0 {
		return errors.New("node config: state sync needs at least one RPC server of the network")
	}
	if s.TrustHeight > 0 && s.TrustHash != "" {
		logger.Info("state sync: trusting the configured header", "height", s.TrustHeight, "hash", s.TrustHash)
		return nil
	}
	h, hash, err := latestHeader(ctx, rpcURL(s.RPCServers[0]))
	if err != nil {
		return fmt.Errorf("node: state sync: fetching a header to trust from %s: %w", s.RPCServers[0], err)
	}
	s.TrustHeight, s.TrustHash = h, hash
	logger.Warn("state sync: trusting the latest header of the first RPC server (trust on first use); pin it with statesync.trust_height and statesync.trust_hash after checking it with another source",
		"server", s.RPCServers[0], "height", h, "hash", hash)
	return nil
}

// latestHeader returns the height and hash of the latest committed header
// of the RPC server at url.
func latestHeader(ctx context.Context, url string) (int64, string, error) {
	ctx, cancel := context.WithTimeout(ctx, tofuTimeout)
	defer cancel()
	c, err := rpchttp.NewWithTimeout(url, "/websocket", uint(tofuTimeout/time.Second))
	if err != nil {
		return 0, "", err
	}
	res, err := c.Commit(ctx, nil)
	if err != nil {
		return 0, "", err
	}
	if res.SignedHeader.Header == nil || res.SignedHeader.Commit == nil {
		return 0, "", errors.New("the server returned no header")
	}
	return res.SignedHeader.Header.Height, hex.EncodeToString(res.SignedHeader.Commit.BlockID.Hash), nil
}
