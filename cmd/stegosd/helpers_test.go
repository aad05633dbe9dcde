package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/stegos-go/stegos/internal/devproc"
)

// mainEnv makes the test binary behave as stegosd: a test runs
// os.Args[0] with this variable set to signal a real process.
const mainEnv = "STEGOSD_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for the node's goroutines to write while
// the test reads.
type syncBuffer = devproc.SyncBuffer

// testEnv is an environment with captured output, the variables in vars and
// a user home in a temp dir.
type testEnv struct {
	env
	out, errOut *syncBuffer
	userDir     string
}

func newTestEnv(t *testing.T, vars map[string]string) *testEnv {
	t.Helper()
	te := &testEnv{out: &syncBuffer{}, errOut: &syncBuffer{}, userDir: t.TempDir()}
	var environ []string
	for k, v := range vars {
		environ = append(environ, k+"="+v)
	}
	te.env = env{
		stdout:    te.out,
		stderr:    te.errOut,
		lookupEnv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		environ:   func() []string { return environ },
		userHome:  func() (string, error) { return te.userDir, nil },
	}
	return te
}

// exec runs a command line to completion and returns its exit status.
func (te *testEnv) exec(args ...string) int {
	return execute(context.Background(), args, te.env)
}

// running is a command running in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan int
}

// start runs a command line in the background until stop is called.
func (te *testEnv) start(args ...string) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan int, 1)}
	go func() { r.done <- execute(ctx, args, te.env) }()
	return r
}

// stop cancels the command, as a signal would, and returns its status.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		return code
	case <-time.After(60 * time.Second):
		t.Fatal("command did not return after cancel")
		return -1
	}
}

// freeAddr returns a loopback host:port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// portFlags returns flags putting every listener on a free loopback port, and
// the RPC address.
func portFlags(t *testing.T) (flags []string, rpc string) {
	// Three distinct ports: the kernel can hand a just-closed port out again.
	seen := map[string]bool{}
	var addrs []string
	for len(addrs) < 3 {
		if a := freeAddr(t); !seen[a] {
			seen[a] = true
			addrs = append(addrs, a)
		}
	}
	rpc = addrs[1]
	return []string{"--p2p-listen", addrs[0], "--rpc-listen", rpc, "--api-listen", addrs[2]}, rpc
}

// waitHeight polls CometBFT's RPC at addr until the chain reaches height h,
// and returns the height seen. done, if not nil, reports an early exit.
func waitHeight(t *testing.T, addr string, h int64, done <-chan int, logs fmt.Stringer) int64 {
	t.Helper()
	c, err := rpchttp.New("tcp://"+addr, "/websocket")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		st, err := c.Status(ctx)
		if err == nil && st.SyncInfo.LatestBlockHeight >= h {
			return st.SyncInfo.LatestBlockHeight
		}
		select {
		case <-ctx.Done():
			t.Fatalf("height %d not reached at %s (last error %v); logs:\n%s", h, addr, err, logs)
		case code := <-done:
			t.Fatalf("command exited with %d before height %d; logs:\n%s", code, h, logs)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// rpcClient returns a CometBFT RPC client for addr.
func rpcClient(t *testing.T, addr string) *rpchttp.HTTP {
	t.Helper()
	c, err := rpchttp.New("tcp://"+addr, "/websocket")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// initDev runs `stegosd init --chain dev` in a fresh home and returns it.
func initDev(t *testing.T, te *testEnv) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), "home")
	if code := te.exec("init", "--home", home, "--chain", "dev", "--moniker", "test"); code != 0 {
		t.Fatalf("init exited %d: %s", code, te.errOut)
	}
	return home
}

// contains fails unless s holds every want.
func contains(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}
