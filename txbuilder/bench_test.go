package txbuilder_test

import (
	"crypto/rand"
	"testing"

	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// BenchmarkBuild2in2out builds and signs a payment from two confidential
// inputs with change: two stealth outputs and payloads, one aggregated range
// proof for two values, and the signature.
func BenchmarkBuild2in2out(b *testing.B) {
	rnd := seeded(1)
	p := devParams(b)
	alice, bob := newKeys(b, rnd), newKeys(b, rnd)
	ins := coins(b, rnd, alice, 100*ledger.STG, 50*ledger.STG)
	pays := []txbuilder.Payment{{To: bob.Address(), Amount: 120 * ledger.STG, Memo: []byte("rent")}}
	b.ReportAllocs()
	for b.Loop() {
		tx, err := txbuilder.Build(rand.Reader, p, ins, pays, alice.Address(), 0)
		if err != nil {
			b.Fatal(err)
		}
		if len(tx.Outputs) != 2 {
			b.Fatalf("%d outputs", len(tx.Outputs))
		}
	}
}
