package cmtlog

import (
	"context"
	"fmt"
	"log/slog"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// LevelTrace is the slog level CometBFT's debug messages are logged at: one
// step below slog.LevelDebug, shown only with --log-level=trace.
const LevelTrace = slog.LevelDebug - 4

// Logger is a CometBFT logger that writes to a *slog.Logger.
type Logger struct {
	l *slog.Logger
}

var _ cmtlog.Logger = Logger{}

// New returns a CometBFT logger writing to l. A nil l discards everything.
func New(l *slog.Logger) Logger {
	if l == nil {
		l = slog.New(slog.DiscardHandler)
	}
	return Logger{l: l}
}

// Debug logs a CometBFT debug message at LevelTrace.
func (a Logger) Debug(msg string, keyvals ...any) { a.log(LevelTrace, msg, keyvals) }

// Info logs a CometBFT info message at slog debug level.
func (a Logger) Info(msg string, keyvals ...any) { a.log(slog.LevelDebug, msg, keyvals) }

// Error logs a CometBFT error message at slog error level, except the peer
// events (warn) and shutdown noise (debug) listed in errorLevels.
func (a Logger) Error(msg string, keyvals ...any) { a.log(errorLevel(msg, keyvals), msg, keyvals) }

// With returns a logger that adds keyvals to every message.
func (a Logger) With(keyvals ...any) cmtlog.Logger {
	return Logger{l: a.l.With(attrs(keyvals)...)}
}

// log checks the level first, so the (often lazy) CometBFT values are only
// formatted when the message is actually written.
func (a Logger) log(level slog.Level, msg string, keyvals []any) {
	ctx := context.Background()
	if !a.l.Enabled(ctx, level) {
		return
	}
	a.l.Log(ctx, level, msg, attrs(keyvals)...)
}

// attrs turns CometBFT's alternating key/value list into slog attributes.
// Errors and fmt.Stringers (CometBFT's lazy values, hashes, peer addresses)
// become strings so that text and JSON handlers render them the same way. A
// trailing key without a value is kept under the key "!BADKEY", as slog does.
func attrs(keyvals []any) []any {
	out := make([]any, 0, len(keyvals)/2+1)
	for i := 0; i < len(keyvals); i += 2 {
		if i+1 >= len(keyvals) {
			out = append(out, slog.Any("!BADKEY", value(keyvals[i])))
			break
		}
		key, ok := keyvals[i].(string)
		if !ok {
			key = fmt.Sprint(keyvals[i])
		}
		out = append(out, slog.Any(key, value(keyvals[i+1])))
	}
	return out
}

// value renders the types CometBFT passes that slog would otherwise print
// poorly (JSON-encoding a lazy Sprintf struct, for example).
func value(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case error:
		return safeString(v.Error)
	case fmt.Stringer:
		return safeString(v.String)
	case []byte:
		return fmt.Sprintf("%X", v)
	default:
		return v
	}
}

// safeString calls f, turning a panic (a nil pointer behind an interface, say)
// into a placeholder: a log line must never take the node down.
func safeString(f func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("!PANIC(%v)", r)
		}
	}()
	return f()
}
