// Package devproc builds the stegosd binary and runs `stegosd dev` as a
// child process on free loopback ports, until the test that started it
// ends: what the example, browser and attack tests use to drive a real
// node the way a user runs it. Like internal/testnode it takes a
// testing.TB and fails the test on any problem; the API token never
// reaches the test log (Node.Redact).
package devproc

import (
	"bytes"
	"context"
	"fmt"
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
)

// Node is a running `stegosd dev`.
type Node struct {
	Addr  string // host:port of the API and the pages
	URL   string // "http://" + Addr
	Home  string // the --home given, "" when the environment chose it
	Token string
	// Logs is everything the process wrote.
	Logs   *SyncBuffer
	Client *client.Client
}

// Options say how to run the node.
type Options struct {
	// Home is passed as --home; "" leaves the home to the environment
	// (STEGOS_HOME in Env, then the user's data directory).
	Home string
	// TokenFile is where the API token is read; default Home/api.token.
	TokenFile string
	// Env is added to the test's environment.
	Env []string
	// Reset starts a fresh chain (--reset).
	Reset bool
	// TimeoutCommit is --consensus-timeout-commit ("" keeps the default).
	TimeoutCommit string
	// Wait bounds how long the node may take to serve a synced demo
	// account; 2 minutes if zero.
	Wait time.Duration
}

// Build builds stegosd into a temporary directory and returns its path.
func Build(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stegosd")
	build := exec.Command("go", "build", "-o", bin, "github.com/stegos-go/stegos/cmd/stegosd")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("devproc: go build stegosd: %v\n%s", err, out)
	}
	return bin
}

// Start runs `stegosd dev` from bin on free loopback ports until the test
// ends (SIGINT, then a kill after 30 s), and returns once the demo account
// answers its balance.
func Start(t testing.TB, bin string, o Options) *Node {
	t.Helper()
	if o.Wait == 0 {
		o.Wait = 2 * time.Minute
	}
	if o.TokenFile == "" {
		if o.Home == "" {
			t.Fatal("devproc: Options.TokenFile is needed when Home is empty")
		}
		o.TokenFile = filepath.Join(o.Home, api.TokenFile)
	}
	addrs := FreeAddrs(t, 3)
	args := []string{"dev", "--p2p-listen", addrs[0], "--rpc-listen", addrs[1], "--api-listen", addrs[2]}
	if o.Home != "" {
		args = append(args, "--home", o.Home)
	}
	if o.Reset {
		args = append(args, "--reset")
	}
	if o.TimeoutCommit != "" {
		args = append(args, "--consensus-timeout-commit", o.TimeoutCommit)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), o.Env...)
	n := &Node{Addr: addrs[2], URL: "http://" + addrs[2], Home: o.Home, Logs: &SyncBuffer{}}
	cmd.Stdout, cmd.Stderr = n.Logs, n.Logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("devproc: start stegosd dev: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("devproc: stegosd did not stop on SIGINT; its log:\n%s", n.Redact(n.Logs.String()))
		}
	})
	deadline := time.Now().Add(o.Wait)
	for {
		err := n.connect(o.TokenFile)
		if err == nil {
			return n
		}
		select {
		case werr := <-exited:
			t.Fatalf("devproc: stegosd dev exited (%v); its log:\n%s", werr, n.Redact(n.Logs.String()))
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("devproc: stegosd dev at %s: no synced demo account after %v: %v; its log:\n%s",
				n.URL, o.Wait, n.Redact(err.Error()), n.Redact(n.Logs.String()))
		}
	}
}

// connect reads the token and asks for the demo account's balance.
func (n *Node) connect(tokenFile string) error {
	if n.Client == nil {
		tok, err := client.TokenFromFile(tokenFile)
		if err != nil {
			return fmt.Errorf("read the token: %w", err)
		}
		c, err := client.New(n.URL, tok)
		if err != nil {
			return fmt.Errorf("client: %w", err)
		}
		n.Token, n.Client = tok, c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := n.Client.Balance(ctx, "demo"); err != nil {
		return fmt.Errorf("demo balance: %w", err)
	}
	return nil
}

// Redact replaces the API token in s: it must never reach a test log.
func (n *Node) Redact(s string) string {
	if n == nil || n.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, n.Token, "<token>")
}

// FreeAddrs returns n distinct loopback host:ports that were free a moment
// ago.
func FreeAddrs(t testing.TB, n int) []string {
	t.Helper()
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("devproc: free port: %v", err)
		}
		defer l.Close()
		out = append(out, l.Addr().String())
	}
	return out
}

// SyncBuffer is a bytes.Buffer a process's output goroutines can write
// while the test reads it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Reset forgets what was written.
func (s *SyncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
