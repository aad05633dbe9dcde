package cmtlog

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

type nilStringer struct{ s *string }

func (n *nilStringer) String() string { return *n.s }

func TestLevelMapping(t *testing.T) {
	tests := []struct {
		name    string
		handler slog.Level
		call    func(cmtlog.Logger)
		want    string // substring expected in the output; "" = nothing written
	}{
		{"info hidden at info", slog.LevelInfo, func(l cmtlog.Logger) { l.Info("executed block") }, ""},
		{"info shown at debug", slog.LevelDebug, func(l cmtlog.Logger) { l.Info("executed block") }, "level=DEBUG msg=\"executed block\""},
		{"debug hidden at debug", slog.LevelDebug, func(l cmtlog.Logger) { l.Debug("vote") }, ""},
		{"debug shown at trace", LevelTrace, func(l cmtlog.Logger) { l.Debug("vote") }, "level=DEBUG-4 msg=vote"},
		{"error shown at info", slog.LevelInfo, func(l cmtlog.Logger) { l.Error("boom") }, "level=ERROR msg=boom"},
		{"peer error is a warning", slog.LevelInfo, func(l cmtlog.Logger) { l.Error("Stopping peer for error", "err", "EOF") }, "level=WARN"},
		{"shutdown noise hidden at info", slog.LevelInfo, func(l cmtlog.Logger) { l.Error("Stopped accept routine, as transport is closed") }, ""},
		{"shutdown noise shown at debug", slog.LevelDebug, func(l cmtlog.Logger) { l.Error("Error stopping pool") }, "level=DEBUG"},
		{"service not started is debug", slog.LevelInfo, func(l cmtlog.Logger) {
			l.Error("Not stopping State service -- has not been started yet")
		}, ""},
		{"closed listener is debug", slog.LevelInfo, func(l cmtlog.Logger) {
			l.Error("Error serving server", "err", &net.OpError{Op: "accept", Err: net.ErrClosed})
		}, ""},
		{"peer closed by our shutdown is debug", slog.LevelInfo, func(l cmtlog.Logger) {
			l.Error("Stopping peer for error", "peer", "p", "err", &net.OpError{Op: "read", Err: net.ErrClosed})
		}, ""},
		{"other serving errors stay errors", slog.LevelInfo, func(l cmtlog.Logger) {
			l.Error("Error serving server", "err", errors.New("tls: bad certificate"))
		}, "level=ERROR"},
		{"consensus failure stays an error", slog.LevelInfo, func(l cmtlog.Logger) { l.Error("CONSENSUS FAILURE!!!") }, "level=ERROR"},
		{"error hidden at fatal-only", slog.LevelError + 4, func(l cmtlog.Logger) { l.Error("boom") }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := New(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.handler})))
			tt.call(l)
			got := buf.String()
			if tt.want == "" && got != "" {
				t.Fatalf("wrote %q, want nothing", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Fatalf("wrote %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestKeyvals(t *testing.T) {
	tests := []struct {
		name    string
		keyvals []any
		want    []string
	}{
		{"pairs", []any{"height", 7, "module", "consensus"}, []string{"height=7", "module=consensus"}},
		{"error value", []any{"err", errors.New("dial failed")}, []string{`err="dial failed"`}},
		{"stringer value", []any{"msg", cmtlog.NewLazySprintf("Starting %v service", "Node")}, []string{`msg="Starting Node service"`}},
		{"bytes as hex", []any{"hash", []byte{0xab, 0x01}}, []string{"hash=AB01"}},
		{"odd count", []any{"height", 7, "dangling"}, []string{"height=7", "!BADKEY=dangling"}},
		{"non-string key", []any{42, "x"}, []string{"42=x"}},
		{"nil stringer does not panic", []any{"p", &nilStringer{}}, []string{`p="!PANIC(`}},
		{"nil value", []any{"v", nil}, []string{"v=<nil>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := New(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
			l.Info("m", tt.keyvals...)
			for _, w := range tt.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("output %q lacks %q", buf.String(), w)
				}
			}
		})
	}
}

func TestWith(t *testing.T) {
	var buf bytes.Buffer
	l := New(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	l.With("module", "p2p", "peer", cmtlog.NewLazySprintf("%s@%s", "abcd", "127.0.0.1:1")).Error("stopping peer", "err", errors.New("EOF"))
	for _, w := range []string{`"module":"p2p"`, `"peer":"abcd@127.0.0.1:1"`, `"err":"EOF"`, `"level":"ERROR"`} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("output %q lacks %s", buf.String(), w)
		}
	}
}

func TestNilLoggerDiscards(t *testing.T) {
	l := New(nil)
	l.Info("x")
	l.With("a", 1).Error("y")
}
