package store

import (
	"errors"
	"slices"
	"testing"
)

func TestPrefixedConfinesKeys(t *testing.T) {
	db := openTest(t)
	commit(t, db, "t/a", "1", "t/b", "2", "u/a", "other", "t", "bare")
	b := db.NewBatch()
	defer b.Close()
	p := NewPrefixed(b, []byte("t/"))
	if got := mustGet(t, p, "a"); got != "1" {
		t.Fatalf("Get(a) = %q", got)
	}
	must(t, p.Set([]byte("c"), []byte("3")))
	must(t, p.Delete([]byte("a")))
	if got := mustGet(t, b, "t/c"); got != "3" {
		t.Fatalf("Set through the view landed elsewhere: t/c = %q", got)
	}
	if got := mustGet(t, p, "c"); got != "3" {
		t.Fatalf("the view does not read its own pending write: %q", got)
	}
	got := collect(t, func(fn func(k, v []byte) error) error { return p.Iterate(nil, fn) })
	if want := []string{"b=2", "c=3"}; !slices.Equal(got, want) {
		t.Fatalf("Iterate = %q, want %q", got, want)
	}
	got = collect(t, func(fn func(k, v []byte) error) error { return p.IterateRange([]byte("c"), nil, fn) })
	if want := []string{"c=3"}; !slices.Equal(got, want) {
		t.Fatalf("IterateRange = %q, want %q", got, want)
	}
	if got := mustGet(t, db, "u/a"); got != "other" {
		t.Fatal("neighbouring prefix touched")
	}
}

func TestPrefixedReadOnlyOverDBAndSnapshot(t *testing.T) {
	db := openTest(t)
	commit(t, db, "t/a", "1")
	s := db.Snapshot()
	defer s.Close()
	for name, r := range map[string]Reader{"db": db, "snapshot": s} {
		p := NewPrefixed(r, []byte("t/"))
		if got := mustGet(t, p, "a"); got != "1" {
			t.Errorf("%s: Get = %q", name, got)
		}
		if err := p.Set([]byte("x"), nil); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: Set = %v, want ErrReadOnly", name, err)
		}
		if err := p.Delete([]byte("a")); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: Delete = %v, want ErrReadOnly", name, err)
		}
	}
}
