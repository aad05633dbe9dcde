package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/devproc"
)

// TestBusPingPongAgainstStegosdDev runs the example as a reader would,
// against a real stegosd dev: it creates and funds the pong account, and
// the 10 KiB ping and pong arrive whole, each signed by its sender.
// Running it again reuses the funded pong account.
func TestBusPingPongAgainstStegosdDev(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs stegosd")
	}
	root := t.TempDir()
	n := devproc.Start(t, devproc.Build(t), devproc.Options{
		Env: []string{"STEGOS_HOME=" + root}, TokenFile: filepath.Join(root, "dev", api.TokenFile),
		TimeoutCommit: "200ms", Wait: 60 * time.Second,
	})
	env := func(k string) (string, bool) {
		v, ok := map[string]string{"STEGOS_HOME": root, "STEGOS_API": n.URL}[k]
		return v, ok
	}
	noHome := func() (string, error) { return "", errors.New("no home") }

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for i, wants := range [][]string{
		{"created the account pong", "demo paid pong 1 STG", "demo sent a 10240-byte ping", "23 outputs",
			`pong received "ping" (10240 bytes) from dev1`, "pong sent a 10240-byte pong", `demo received "pong" (10240 bytes) from dev1`, "ping-pong done"},
		{"demo sent a 10240-byte ping", "ping-pong done"},
	} {
		var out, errOut bytes.Buffer
		start := time.Now()
		if code := run(ctx, nil, env, noHome, &out, &errOut); code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, code, out.String(), errOut.String())
		}
		t.Logf("run %d (%v):\n%s", i+1, time.Since(start).Round(time.Millisecond), out.String())
		for _, want := range wants {
			if !strings.Contains(out.String(), want) {
				t.Errorf("run %d: output lacks %q", i+1, want)
			}
		}
		if i == 1 && strings.Contains(out.String(), "created the account") {
			t.Error("the second run created the pong account again")
		}
	}
}
