package ledger_test

import (
	"testing"

	"github.com/stegos-go/stegos/ledger"
)

// PeekInputs refuses what DecodeTx would refuse for the same reason at the
// front of the bytes.
func TestPeekInputsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		kind ledger.Kind
	}{
		{"empty", nil, ledger.KindMalformed},
		{"unknown version", []byte{103, 1, 0}, ledger.KindMalformed},
		{"count past the end", []byte{ledger.TxVersion, 1, 2, 0xaa}, ledger.KindMalformed},
		{"oversize", make([]byte, ledger.MaxTxSize+1), ledger.KindOversize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ledger.PeekInputs(tc.b); ledger.KindOf(err) != tc.kind {
				t.Fatalf("PeekInputs: %v, want %s", err, tc.kind)
			}
		})
	}
}
