package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// openTest opens a database in a fresh temporary directory.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// commit writes kvs (a nil value deletes) in one synced batch.
func commit(t testing.TB, db *DB, kvs ...string) {
	t.Helper()
	b := db.NewBatch()
	for i := 0; i+1 < len(kvs); i += 2 {
		var err error
		if kvs[i+1] == "" {
			err = b.Delete([]byte(kvs[i]))
		} else {
			err = b.Set([]byte(kvs[i]), []byte(kvs[i+1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
}

// mustGet returns key's value, or "" if absent.
func mustGet(t testing.TB, r Reader, key string) string {
	t.Helper()
	v, ok, err := r.Get([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return ""
	}
	return string(v)
}

func TestReopenKeepsCommittedData(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, &Options{CacheSize: 1 << 20, MemTableSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	commit(t, db, "a", "1", "b", "2", "c", "3")
	commit(t, db, "b", "")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for k, want := range map[string]string{"a": "1", "b": "", "c": "3"} {
		if got := mustGet(t, db, k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if db.Path() != dir {
		t.Errorf("Path() = %s, want %s", db.Path(), dir)
	}
}

func TestOpenLockedInProcess(t *testing.T) {
	db := openTest(t)
	_, err := Open(db.Path(), nil)
	checkOpenError(t, err, db.Path(), ErrLocked)
	// The failed open must not have released the first handle's lock.
	_, err = Open(db.Path(), nil)
	checkOpenError(t, err, db.Path(), ErrLocked)
}

// checkOpenError asserts err is an *OpenError for dir of the given kind,
// whose message names dir.
func checkOpenError(t *testing.T, err error, dir string, kind error) {
	t.Helper()
	var oe *OpenError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v (%T), want *OpenError", err, err)
	}
	if oe.Path != dir || !strings.Contains(err.Error(), dir) {
		t.Fatalf("error %q does not name %s", err, dir)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Fatalf("error %q is not %v", err, kind)
	}
	if kind == nil && (errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt)) {
		t.Fatalf("error %q has a kind, want none", err)
	}
}

// The helper process for TestOpenLockedByAnotherProcess: it opens the
// database named by STORE_TEST_LOCK_DIR, says so, and holds it until its
// standard input closes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("STORE_TEST_LOCK_DIR"); dir != "" {
		db, err := Open(dir, nil)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		_ = db.Close()
		os.Exit(0)
	}
	code := m.Run()
	cleanupBenchDirs()
	os.Exit(code)
}

func TestOpenLockedByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_LOCK_DIR="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		_ = stdin.Close()
		_ = cmd.Wait()
		t.Fatalf("helper process said %q", line)
	}
	_, err = Open(dir, nil)
	checkOpenError(t, err, dir, ErrLocked)
	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	// Released: now it opens.
	db, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
}

// damage opens a database in a new directory, writes some data, flushes it
// into a table file, closes it and overwrites the files whose names start
// with prefix (or end with it, for extensions) with garbage.
func damage(t *testing.T, match func(name string) bool) string {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		commit(t, db, fmt.Sprint("key", i), "value")
	}
	if err := db.pdb.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	hit := false
	for _, e := range entries {
		if match(e.Name()) {
			hit = true
			if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte("not a pebble file at all"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !hit {
		t.Fatal("no file to damage")
	}
	return dir
}

func TestOpenCorrupt(t *testing.T) {
	tests := []struct {
		name  string
		match func(string) bool
	}{
		{"manifest", func(n string) bool { return strings.HasPrefix(n, "MANIFEST-") }},
		{"options", func(n string) bool { return strings.HasPrefix(n, "OPTIONS-") }},
		{"table file", func(n string) bool { return strings.HasSuffix(n, ".sst") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := damage(t, tt.match)
			db, err := Open(dir, nil)
			if err == nil {
				_ = db.Close()
				t.Fatal("opened a damaged database")
			}
			checkOpenError(t, err, dir, ErrCorrupt)
			// The lock was released: the failure repeats the same way.
			_, err = Open(dir, nil)
			checkOpenError(t, err, dir, ErrCorrupt)
		})
	}
}

func TestOpenOtherFailures(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
	}{
		{"a file, not a directory", file},
		{"under a file", filepath.Join(file, "db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.dir, nil)
			checkOpenError(t, err, tt.dir, nil)
		})
	}
}

func TestUseAfterClose(t *testing.T) {
	db, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	noop := func(k, v []byte) error { return nil }
	for name, err := range map[string]error{
		"close twice":    db.Close(),
		"get":            func() error { _, _, err := db.Get([]byte("k")); return err }(),
		"iterate":        db.Iterate(nil, noop),
		"range":          db.IterateRange(nil, nil, noop),
		"batch set":      b.Set([]byte("k"), []byte("v")),
		"new batch get":  func() error { _, _, err := db.NewBatch().Get([]byte("k")); return err }(),
		"new batch set":  db.NewBatch().Set([]byte("k"), nil),
		"snapshot get":   func() error { _, _, err := db.Snapshot().Get([]byte("k")); return err }(),
		"snapshot close": db.Snapshot().Close(),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s: err = %v, want ErrClosed", name, err)
		}
	}
}
