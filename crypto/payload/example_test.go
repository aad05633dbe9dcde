package payload_test

import (
	"crypto/rand"
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// A payer creates output 0 to a recipient: it seals the amount for the
// core, commits to it with the derived blinding factor and seals the memo
// in the payload. The recipient finds the output while scanning, opens the
// amount from the core, checks it against the commitment, then opens the
// payload.
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
	seed := secret.PayloadKeyMaterial()
	const amount = 1_500_000
	sealedAmount := payload.SealAmount(seed, out.TxKey, out.OneTimeKey, amount)
	commitment := pedersen.Commit(amount, payload.Blinding(seed, out.TxKey, out.OneTimeKey))
	ct, err := payload.Seal(seed, out.TxKey, out.OneTimeKey, &payload.Plaintext{
		Type: payload.TypePayment,
		Data: []byte("rent, March"),
	})
	if err != nil {
		panic(err)
	}

	// Recipient.
	m, ok := keys.Scan(out, 0)
	if !ok {
		panic("not found")
	}
	mine := m.SharedSecret().PayloadKeyMaterial()
	got := payload.OpenAmount(mine, out.TxKey, out.OneTimeKey, sealedAmount)
	if !pedersen.Commit(got, payload.Blinding(mine, out.TxKey, out.OneTimeKey)).Equal(commitment) {
		panic("the sealed amount does not open the commitment")
	}
	p, err := payload.Open(mine, out.TxKey, out.OneTimeKey, ct[:])
	if err != nil {
		panic(err)
	}
	fmt.Println(len(sealedAmount), len(ct), got, p.Type, string(p.Data))
	// Output: 8 512 1500000 payment rent, March
}

func randomScalar() *ristretto255.Scalar {
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	s, _ := ristretto255.NewScalar().SetUniformBytes(b[:])
	return s
}
