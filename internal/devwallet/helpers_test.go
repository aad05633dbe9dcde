package devwallet_test

import (
	"encoding/hex"
	"testing"

	"github.com/stegos-go/stegos/ledger"
)

func decode(t *testing.T, s string) ledger.Output {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	o, err := ledger.DecodeOutput(b)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
