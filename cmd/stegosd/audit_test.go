package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestAudit(t *testing.T) {
	te := newTestEnv(t, nil)
	home := initDev(t, te)
	flags, rpc := portFlags(t)
	r := te.start(append([]string{"start", "--home", home, "--consensus-timeout-commit", "100ms"}, flags...)...)
	waitHeight(t, rpc, 2, r.done, te.errOut)
	// While the node runs its database is locked.
	if code := te.exec("audit", "--home", home); code != 1 {
		t.Fatalf("audit of a running node exited %d", code)
	}
	contains(t, "locked audit", te.errOut.String(), "in use by another process")
	if code := r.stop(t); code != 0 {
		t.Fatalf("start exited %d", code)
	}
	if code := te.exec("audit", "--home", home); code != 0 {
		t.Fatalf("audit exited %d: %s", code, te.errOut)
	}
	contains(t, "audit output", te.out.String(), "is consistent", "unspent       33 outputs", "supply        4100000.000000 STG")

	// No ledger at all: a clear error naming the directory.
	empty := filepath.Join(t.TempDir(), "nothing")
	if err := os.MkdirAll(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	if code := te.exec("audit", "--home", empty); code != 1 {
		t.Fatalf("audit of an empty home exited %d", code)
	}
	contains(t, "empty audit", te.errOut.String(), filepath.Join(empty, "data", "ledger"))
}
