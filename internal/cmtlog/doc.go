// Package cmtlog adapts CometBFT's four-method logger (Debug, Info, Error,
// With) onto log/slog, so the engine logs through the same handler, level and
// format as the rest of stegosd.
//
// CometBFT is chatty: it logs every executed block, every peer dial and every
// service start at info. The adapter therefore shifts the engine down one
// level: CometBFT info becomes slog debug and CometBFT debug becomes
// [LevelTrace]. Operators see the engine's info lines with --log-level=debug
// and everything with --log-level=trace. CometBFT errors stay errors, except
// the routine ones: a peer disconnecting or misbehaving is logged as a
// warning (it is not this node's fault) and the complaints CometBFT makes
// about its own shutdown order are debug.
package cmtlog
