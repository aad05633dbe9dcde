package node

import (
	"testing"

	dbm "github.com/cometbft/cometbft-db"
)

func TestStoppableDBReadsNothingAfterClose(t *testing.T) {
	db := &stoppableDB{DB: dbm.NewMemDB()}
	if err := db.Set([]byte("k"), []byte("v")); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get([]byte("k")); err != nil || string(v) != "v" {
		t.Fatalf("Get before Close = %q, %v", v, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get([]byte("k")); err != nil || v != nil {
		t.Errorf("Get after Close = %q, %v; want nothing, no error", v, err)
	}
	if ok, err := db.Has([]byte("k")); err != nil || ok {
		t.Errorf("Has after Close = %v, %v; want false, no error", ok, err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
