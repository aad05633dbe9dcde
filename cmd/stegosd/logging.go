package main

import (
	"io"
	"log/slog"

	"github.com/stegos-go/stegos/internal/cmtlog"
	"github.com/stegos-go/stegos/internal/config"
)

// newLogger builds the daemon's logger from the [log] section. The level
// names are those of config.LogLevels; "trace" shows CometBFT's debug lines.
func newLogger(w io.Writer, c config.LogSection) *slog.Logger {
	opts := &slog.HandlerOptions{
		Level: parseLevel(c.Level),
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.LevelKey {
				if l, ok := a.Value.Any().(slog.Level); ok && l <= cmtlog.LevelTrace {
					a.Value = slog.StringValue("TRACE")
				}
			}
			return a
		},
	}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// parseLevel maps a validated level name to a slog level.
func parseLevel(s string) slog.Level {
	switch s {
	case "trace":
		return cmtlog.LevelTrace
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}
