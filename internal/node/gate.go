package node

import (
	"context"
	"strings"
	"sync/atomic"

	abcitypes "github.com/cometbft/cometbft/abci/types"
)

// p2pFilterPrefix starts the ABCI queries CometBFT makes, with FilterPeers
// on, before accepting a connection (/p2p/filter/addr/...) and a peer
// (/p2p/filter/id/...).
const p2pFilterPrefix = "/p2p/filter/"

// gatedApp answers CometBFT's peer filter queries itself and hands every
// other call to the application.
//
// It exists for stopping. CometBFT v0.38 keeps accepting connections while
// its switch stops, and a peer that arrives then is neither started nor
// closed: the remote node believes it is connected and refuses the
// restarted node as a duplicate until its ping times out, minutes later. A
// process exit closes such connections; a node restarted in the same
// process (tests, embedders) needs this gate. Stop closes it first, so every
// connection arriving during shutdown is refused and closed.
//
// The application never sees /p2p/filter/ queries; filtering peers in the
// application is not supported.
type gatedApp struct {
	abcitypes.Application
	closing atomic.Bool
}

// Query implements abcitypes.Application.
func (g *gatedApp) Query(ctx context.Context, req *abcitypes.RequestQuery) (*abcitypes.ResponseQuery, error) {
	if !strings.HasPrefix(req.Path, p2pFilterPrefix) {
		return g.Application.Query(ctx, req)
	}
	if g.closing.Load() {
		return &abcitypes.ResponseQuery{Code: 1, Log: "node is stopping"}, nil
	}
	return &abcitypes.ResponseQuery{}, nil
}
