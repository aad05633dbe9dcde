package store

import (
	"errors"
	"testing"
)

func TestBatchReadsThroughPendingWrites(t *testing.T) {
	db := openTest(t)
	commit(t, db, "a", "old", "b", "keep", "c", "gone")
	b := db.NewBatch()
	defer b.Close()
	must(t, b.Set([]byte("a"), []byte("new")))
	must(t, b.Set([]byte("d"), []byte("added")))
	must(t, b.Delete([]byte("c")))
	must(t, b.Delete([]byte("never-there")))
	tests := []struct{ key, batch, db string }{
		{"a", "new", "old"},
		{"b", "keep", "keep"},
		{"c", "", "gone"},
		{"d", "added", ""},
	}
	for _, tt := range tests {
		if got := mustGet(t, b, tt.key); got != tt.batch {
			t.Errorf("batch view of %s = %q, want %q", tt.key, got, tt.batch)
		}
		if got := mustGet(t, db, tt.key); got != tt.db {
			t.Errorf("committed %s = %q before commit, want %q", tt.key, got, tt.db)
		}
	}
	if b.Count() != 4 {
		t.Errorf("Count() = %d, want 4", b.Count())
	}
	must(t, b.Commit(false))
	for _, tt := range tests {
		if got := mustGet(t, db, tt.key); got != tt.batch {
			t.Errorf("committed %s = %q, want %q", tt.key, got, tt.batch)
		}
	}
}

func TestBatchCloseDiscards(t *testing.T) {
	db := openTest(t)
	b := db.NewBatch()
	must(t, b.Set([]byte("k"), []byte("v")))
	b.Close()
	b.Close() // idempotent
	if got := mustGet(t, db, "k"); got != "" {
		t.Fatalf("discarded write visible: %q", got)
	}
	if err := b.Commit(true); !errors.Is(err, ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
}

func TestBatchUnusableAfterCommit(t *testing.T) {
	db := openTest(t)
	b := db.NewBatch()
	must(t, b.Set([]byte("k"), []byte("v")))
	must(t, b.Commit(true))
	b.Close() // harmless after commit
	for name, err := range map[string]error{
		"set":    b.Set([]byte("k"), nil),
		"delete": b.Delete([]byte("k")),
		"get":    func() error { _, _, err := b.Get([]byte("k")); return err }(),
		"commit": b.Commit(false),
		"iter":   b.Iterate(nil, func(k, v []byte) error { return nil }),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after commit: %v, want ErrClosed", name, err)
		}
	}
	if b.Count() != 0 {
		t.Error("Count after commit")
	}
}

func TestGetReturnsCopies(t *testing.T) {
	db := openTest(t)
	commit(t, db, "k", "value")
	v, _, _ := db.Get([]byte("k"))
	v[0] = 'X'
	if got := mustGet(t, db, "k"); got != "value" {
		t.Fatalf("mutating a returned value changed the store: %q", got)
	}
}

// must fails the test on err.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
