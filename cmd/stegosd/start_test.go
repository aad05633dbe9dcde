package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/config"
	"github.com/stegos-go/stegos/internal/node"
)

func TestInitThenStartCommitsAndResumes(t *testing.T) {
	te := newTestEnv(t, nil)
	home := initDev(t, te)
	contains(t, "init output", te.out.String(), "Initialized a dev node in "+home, "chain id   stegos-dev", "validator  yes, power 10", "stegosd start --home "+home)
	for _, p := range []string{config.FilePath(home), node.HomeFiles(home).Genesis, node.HomeFiles(home).ValidatorKey, node.HomeFiles(home).NodeKey} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("init did not write %s: %v", p, err)
		}
	}

	flags, rpc := portFlags(t)
	args := append([]string{"start", "--home", home, "--consensus-timeout-commit", "100ms"}, flags...)
	r := te.start(args...)
	waitHeight(t, rpc, 3, r.done, te.errOut)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, outID := demoPayment(t, home)
	res, err := rpcClient(t, rpc).BroadcastTxCommit(ctx, tx)
	if err != nil || res.CheckTx.IsErr() || res.TxResult.IsErr() {
		t.Fatalf("broadcast: %v %+v", err, res)
	}
	if code := r.stop(t); code != 0 {
		t.Fatalf("start exited %d after cancel: %s", code, te.errOut)
	}
	contains(t, "logs", te.errOut.String(), "starting stegosd", "node started", "committed block", "shutting down", "node stopped")

	// Again on the same home: it resumes above the old height and keeps the
	// application's state.
	stopped := res.Height
	r = te.start(args...)
	h := waitHeight(t, rpc, stopped+2, r.done, te.errOut)
	q, err := rpcClient(t, rpc).ABCIQuery(ctx, app.QueryUTXO, outID[:])
	if err != nil || q.Response.Code != 0 || len(q.Response.Value) == 0 {
		t.Errorf("after restart the payment's output is not unspent: %v %+v", err, q.Response)
	}
	if code := r.stop(t); code != 0 {
		t.Fatalf("second start exited %d: %s", code, te.errOut)
	}
	if h <= stopped {
		t.Errorf("second run at height %d, not above %d", h, stopped)
	}
}

func TestSignalsStopTheProcessCleanly(t *testing.T) {
	te := newTestEnv(t, nil)
	home := initDev(t, te)
	flags, rpc := portFlags(t)
	var last int64
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		var stderr syncBuffer
		cmd := exec.Command(os.Args[0], append([]string{"start", "--home", home, "--consensus-timeout-commit", "100ms"}, flags...)...)
		cmd.Env = append(os.Environ(), mainEnv+"=1")
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan int, 1)
		go func() { _ = cmd.Wait(); done <- cmd.ProcessState.ExitCode() }()
		last = waitHeight(t, rpc, last+2, done, &stderr)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("%v: exit status %d; stderr:\n%s", sig, code, &stderr)
			}
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: process did not exit", sig)
		}
		contains(t, sig.String()+" logs", stderr.String(), `msg="shutting down" reason="received `+sig.String()+`"`, `msg="node stopped"`)
	}
}

func TestDevCreatesResumesAndResets(t *testing.T) {
	te := newTestEnv(t, nil)
	home := filepath.Join(t.TempDir(), "dev")
	flags, rpc := portFlags(t)
	args := append([]string{"dev", "--home", home, "--consensus-timeout-commit", "100ms"}, flags...)

	r := te.start(args...)
	first := waitHeight(t, rpc, 3, r.done, te.errOut)
	if code := r.stop(t); code != 0 {
		t.Fatalf("dev exited %d: %s", code, te.errOut)
	}
	contains(t, "first run", te.errOut.String(), `msg="dev chain" home=`+home+` chain_id=stegos-dev new=true rpc=http://`+rpc)

	te.errOut = &syncBuffer{}
	te.stderr = te.errOut
	r = te.start(args...)
	waitHeight(t, rpc, first+1, r.done, te.errOut)
	if code := r.stop(t); code != 0 {
		t.Fatalf("dev exited %d: %s", code, te.errOut)
	}
	contains(t, "second run", te.errOut.String(), "new=false")

	te.errOut = &syncBuffer{}
	te.stderr = te.errOut
	r = te.start(append(args, "--reset")...)
	waitHeight(t, rpc, 1, r.done, te.errOut)
	if code := r.stop(t); code != 0 {
		t.Fatalf("dev --reset exited %d: %s", code, te.errOut)
	}
	contains(t, "reset run", te.errOut.String(), "new=true", `msg="node started" chain_id=stegos-dev height=0 `)
	// The old chain's wallet is set aside, not deleted.
	if aside, _ := filepath.Glob(filepath.Join(home, "wallet-before-reset-*")); len(aside) != 1 {
		t.Fatalf("wallet set aside by --reset: %v", aside)
	}
}

func TestDevDefaultHome(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want func(te *testEnv) string
	}{
		{"STEGOS_HOME", map[string]string{"STEGOS_HOME": "/srv/stegos"}, func(*testEnv) string { return "/srv/stegos/dev" }},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": "/xdg"}, func(*testEnv) string { return "/xdg/stegos/dev" }},
		{"user home", nil, func(te *testEnv) string { return filepath.Join(te.userDir, ".local/share/stegos/dev") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t, tt.vars)
			cmd := newDevCommand(te.env)
			newRootCommand(te.env).AddCommand(cmd) // for the persistent --home flag
			got, err := homeDir(cmd, te.env, devSubdir)
			if err != nil || got != tt.want(te) {
				t.Errorf("dev home = %q, %v; want %q", got, err, tt.want(te))
			}
		})
	}
}
