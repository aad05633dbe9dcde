package loadgen

import (
	"context"
	"log/slog"
	"testing"
)

func TestRunRejectsBadConfig(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no nodes", Config{Chains: 1, Txs: 1, Log: log}},
		{"no chains", Config{Nodes: []string{"http://127.0.0.1:1"}, Txs: 1, Log: log}},
		{"fewer txs than chains", Config{Nodes: []string{"http://127.0.0.1:1"}, Chains: 4, Txs: 3, Log: log}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Run(context.Background(), tt.cfg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestRunReportsAnUnreachableNode(t *testing.T) {
	_, err := Run(context.Background(), Config{Nodes: []string{"http://127.0.0.1:1"}, Chains: 1, Txs: 1, Log: slog.New(slog.DiscardHandler)})
	if err == nil {
		t.Fatal("no error for a node that does not answer")
	}
}
