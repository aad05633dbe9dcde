package store

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// collect returns "key=value" for every pair an iteration yields.
func collect(t *testing.T, iter func(fn func(k, v []byte) error) error) []string {
	t.Helper()
	var out []string
	must(t, iter(func(k, v []byte) error {
		out = append(out, string(k)+"="+string(v))
		return nil
	}))
	return out
}

func TestIteratePrefixInOrder(t *testing.T) {
	db := openTest(t)
	commit(t, db, "b/2", "x", "a/1", "x", "b/1", "x", "b/10", "x", "b", "x", "c/1", "x", "b/\xff", "x", "b0", "x")
	got := collect(t, func(fn func(k, v []byte) error) error { return db.Iterate([]byte("b/"), fn) })
	want := []string{"b/1=x", "b/10=x", "b/2=x", "b/\xff=x"}
	if !slices.Equal(got, want) {
		t.Fatalf("Iterate(b/) = %q, want %q", got, want)
	}
	got = collect(t, func(fn func(k, v []byte) error) error { return db.IterateRange([]byte("b/10"), []byte("b0"), fn) })
	want = []string{"b/10=x", "b/2=x", "b/\xff=x"}
	if !slices.Equal(got, want) {
		t.Fatalf("IterateRange = %q, want %q", got, want)
	}
	if all := collect(t, func(fn func(k, v []byte) error) error { return db.Iterate(nil, fn) }); len(all) != 8 {
		t.Fatalf("Iterate(nil) yielded %d pairs, want 8", len(all))
	}
}

func TestPrefixBounds(t *testing.T) {
	tests := []struct{ prefix, lower, upper []byte }{
		{nil, nil, nil},
		{[]byte{1, 2}, []byte{1, 2}, []byte{1, 3}},
		{[]byte{1, 0xff}, []byte{1, 0xff}, []byte{2}},
		{[]byte{0xff, 0xff}, []byte{0xff, 0xff}, nil},
	}
	for _, tt := range tests {
		lo, hi := prefixBounds(tt.prefix)
		if !bytes.Equal(lo, tt.lower) || !bytes.Equal(hi, tt.upper) || (hi == nil) != (tt.upper == nil) || (lo == nil) != (tt.lower == nil) {
			t.Errorf("prefixBounds(%x) = %x, %x; want %x, %x", tt.prefix, lo, hi, tt.lower, tt.upper)
		}
	}
}

func TestIterateStopsAndPropagates(t *testing.T) {
	db := openTest(t)
	commit(t, db, "k1", "v", "k2", "v", "k3", "v")
	n := 0
	must(t, db.Iterate([]byte("k"), func(k, v []byte) error {
		n++
		if n == 2 {
			return ErrStop
		}
		return nil
	}))
	if n != 2 {
		t.Fatalf("ErrStop after %d calls", n)
	}
	boom := errors.New("boom")
	if err := db.Iterate(nil, func(k, v []byte) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("callback error not returned: %v", err)
	}
}

func TestBatchIterationMergesPendingWrites(t *testing.T) {
	db := openTest(t)
	commit(t, db, "p/a", "1", "p/b", "2", "p/c", "3")
	b := db.NewBatch()
	defer b.Close()
	must(t, b.Delete([]byte("p/b")))
	must(t, b.Set([]byte("p/bb"), []byte("new")))
	must(t, b.Set([]byte("p/a"), []byte("changed")))
	got := collect(t, func(fn func(k, v []byte) error) error { return b.Iterate([]byte("p/"), fn) })
	want := []string{"p/a=changed", "p/bb=new", "p/c=3"}
	if !slices.Equal(got, want) {
		t.Fatalf("batch iteration = %q, want %q", got, want)
	}
}

func TestSnapshotIsolation(t *testing.T) {
	db := openTest(t)
	commit(t, db, "k", "before")
	s := db.Snapshot()
	commit(t, db, "k", "after", "new", "x")
	if got := mustGet(t, s, "k"); got != "before" {
		t.Fatalf("snapshot sees %q", got)
	}
	if got := collect(t, func(fn func(k, v []byte) error) error { return s.Iterate(nil, fn) }); !slices.Equal(got, []string{"k=before"}) {
		t.Fatalf("snapshot iteration = %q", got)
	}
	must(t, s.Close())
	if err := s.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second close: %v", err)
	}
}
