package payload_test

import (
	"crypto/rand"
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// A payer creates output 0 to a recipient and seals the payload; the
// recipient finds the output while scanning and opens it.
func Example() {
	keys, err := stealth.NewKeys(randomScalar(), randomScalar())
	if err != nil {
		panic(err)
	}

	// Payer.
	out, secret, err := stealth.NewOutput(rand.Reader, keys.Address(), 0)
	if err != nil {
		panic(err)
	}
	ct, err := payload.Seal(secret.PayloadKeyMaterial(), out.TxKey, out.OneTimeKey, &payload.Plaintext{
		Type:     payload.TypePayment,
		Amount:   1_500_000,
		Blinding: *randomScalar(),
		Data:     []byte("rent, March"),
	})
	if err != nil {
		panic(err)
	}

	// Recipient.
	m, ok := keys.Scan(out, 0)
	if !ok {
		panic("not found")
	}
	p, err := payload.Open(m.SharedSecret().PayloadKeyMaterial(), out.TxKey, out.OneTimeKey, ct[:])
	if err != nil {
		panic(err)
	}
	fmt.Println(len(ct), p.Type, p.Amount, string(p.Data))
	// Output: 512 payment 1500000 rent, March
}

func randomScalar() *ristretto255.Scalar {
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	s, _ := ristretto255.NewScalar().SetUniformBytes(b[:])
	return s
}
