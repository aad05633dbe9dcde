package cmtlog

import (
	"errors"
	"log/slog"
	"net"
	"strings"
)

// errorLevels re-levels messages CometBFT logs at error that are not errors
// of this node: a peer going away or misbehaving is an external event (warn),
// and the complaints CometBFT makes while shutting down in its own order are
// noise (debug). Everything else CometBFT logs at error stays at error.
var errorLevels = map[string]slog.Level{
	// Peers: external events.
	"Stopping peer for error": slog.LevelWarn,
	"Error dialing peer":      slog.LevelWarn,
	"Failed to reconnect to peer. Beginning exponential backoff":              slog.LevelWarn,
	"Failed to reconnect to peer. Giving up":                                  slog.LevelWarn,
	"Wanted to reconnect to inbound peer, but self-reported address is wrong": slog.LevelWarn,
	"Can't add peer's address to addrbook":                                    slog.LevelWarn,
	"Error in peer's address":                                                 slog.LevelWarn,
	"Peer sent us invalid msg":                                                slog.LevelWarn,
	"Peer sent us invalid block":                                              slog.LevelWarn,
	"Error decoding message":                                                  slog.LevelWarn,
	"Rejecting oversized proposal":                                            slog.LevelWarn,
	"received empty txs from peer":                                            slog.LevelWarn,

	// Shutdown: services stopped twice or in a different order.
	"Stopped accept routine, as transport is closed": slog.LevelDebug,
	"error while stopping peer":                      slog.LevelDebug,
	"Error stopping pool":                            slog.LevelDebug,
	"Won't start a peer - switch is not running":     slog.LevelDebug,
	"Error stopping consensus state":                 slog.LevelDebug,
}

// errorLevel returns the level for a message CometBFT logs at error.
func errorLevel(msg string, keyvals []any) slog.Level {
	// A server whose listener, or a peer whose connection, this node closed
	// while stopping.
	if (msg == "Error serving server" || msg == "Stopping peer for error") && hasClosedErr(keyvals) {
		return slog.LevelDebug
	}
	if l, ok := errorLevels[msg]; ok {
		return l
	}
	// libs/service: "Not stopping X service -- has not been started yet".
	if strings.HasPrefix(msg, "Not stopping ") && strings.HasSuffix(msg, "has not been started yet") {
		return slog.LevelDebug
	}
	return slog.LevelError
}

// hasClosedErr reports whether a value is an error from a closed network
// connection.
func hasClosedErr(keyvals []any) bool {
	for _, v := range keyvals {
		if err, ok := v.(error); ok && errors.Is(err, net.ErrClosed) {
			return true
		}
	}
	return false
}
