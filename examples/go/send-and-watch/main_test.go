package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/params"
)

func TestParseSTG(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"1", 1_000_000, false},
		{"1.5", 1_500_000, false},
		{"0.000001", 1, false},
		{" 2.25 ", 2_250_000, false},
		{".5", 500_000, false},
		{"1500000", 1_500_000_000_000, false},
		{"", 0, true},
		{"1.2345678", 0, true},
		{"-1", 0, true},
		{"1e6", 0, true},
		{"1,5", 0, true},
		{"10000000000", 0, true},
	}
	for _, tt := range tests {
		got, err := parseSTG(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseSTG(%q) = %d, %v; want %d (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestDevTokenFile(t *testing.T) {
	user := func() (string, error) { return "/home/u", nil }
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"STEGOS_HOME", map[string]string{"STEGOS_HOME": "/srv/s", "XDG_DATA_HOME": "/x"}, "/srv/s/dev/api.token"},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": "/x"}, "/x/stegos/dev/api.token"},
		{"relative XDG ignored", map[string]string{"XDG_DATA_HOME": "x"}, "/home/u/.local/share/stegos/dev/api.token"},
		{"user home", nil, "/home/u/.local/share/stegos/dev/api.token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := devTokenFile(lookup(tt.env), user); got != tt.want {
				t.Errorf("token file %q, want %q", got, tt.want)
			}
		})
	}
}

func lookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestSendAndWatchAgainstStegosdDev runs the example as a reader would,
// against a real stegosd dev: it finds the token through STEGOS_HOME, pays
// an amount given in STG, and exits once the payment is confirmed.
func TestSendAndWatchAgainstStegosdDev(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs stegosd")
	}
	root := t.TempDir()
	apiURL := startDev(t, root)
	to, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	env := lookup(map[string]string{"STEGOS_HOME": root, "STEGOS_API": apiURL})
	noHome := func() (string, error) { return "", errors.New("no home") }

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"-to", to.Address().String(params.Dev), "-amount", "1.5", "-memo", "hi"}, env, noHome, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"demo: ", "sent 1.5 STG (fee ", "confirmed in block "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Without -to it prints the balance and exits.
	out.Reset()
	if code := run(ctx, nil, env, noHome, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "demo: ") {
		t.Fatalf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
}

// startDev builds stegosd, runs `stegosd dev` with STEGOS_HOME=root on free
// loopback ports until the test ends, and returns the API URL once the
// demo account has scanned the chain.
func startDev(t *testing.T, root string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stegosd")
	build := exec.Command("go", "build", "-o", bin, "github.com/stegos-go/stegos/cmd/stegosd")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	addrs := freeAddrs(t, 3)
	cmd := exec.Command(bin, "dev", "--p2p-listen", addrs[0], "--rpc-listen", addrs[1], "--api-listen", addrs[2], "--consensus-timeout-commit", "200ms")
	cmd.Env = append(os.Environ(), "STEGOS_HOME="+root)
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Errorf("stegosd did not stop on SIGINT; logs:\n%s", logs)
		}
	})

	url := "http://" + addrs[2]
	token := filepath.Join(root, "dev", api.TokenFile)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var err error
		if c, cerr := client.NewFromTokenFile(url, token); cerr != nil {
			err = cerr
		} else if _, err = c.Balance(context.Background(), "demo"); err == nil {
			return url
		}
		select {
		case werr := <-exited:
			t.Fatalf("stegosd exited (%v); logs:\n%s", werr, logs)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no synced demo account at %s: %v; logs:\n%s", url, err, logs)
		}
	}
}

// freeAddrs returns n distinct loopback host:ports that were free a moment ago.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		out = append(out, l.Addr().String())
	}
	return out
}

// syncBuffer is a bytes.Buffer the process's output goroutines can write
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
