package stealth_test

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/stealth"
)

func Example() {
	// The recovery-phrase package hands over two scalars: view a, spend b.
	keys, err := stealth.NewKeys(randomScalar(), randomScalar())
	if err != nil {
		panic(err)
	}
	text := keys.Address().String(stealth.Testnet)

	// A payer parses the address and creates output 1 of a transaction.
	addr, err := stealth.ParseAddressFor(text, stealth.Testnet)
	if err != nil {
		panic(err)
	}
	out, _, err := stealth.NewOutput(rand.Reader, addr, 1)
	if err != nil {
		panic(err)
	}

	// The recipient scans, then derives the one-time key and signs with it.
	m, ok := keys.Scan(out, 1)
	spend, _ := keys.SpendKey()
	priv, err := spend.OneTimeKey(m)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(text), ok, priv.Public().Array() == out.OneTimeKey)
	// Output: 114 true true
}

func ExampleParseAddress_errors() {
	_, _, err := stealth.ParseAddress("stg1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")
	fmt.Println(err, errors.Is(err, stealth.ErrChecksum))
	_, _, err = stealth.ParseAddress("xyz1qqqqqqqq")
	fmt.Println(err)
	// Output:
	// stealth: checksum mismatch, the address was mistyped or truncated true
	// stealth: unknown address prefix "xyz", want "stg" (mainnet), "stt" (testnet), "dev" (dev)
}

func randomScalar() *ristretto255.Scalar {
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	s, _ := ristretto255.NewScalar().SetUniformBytes(b[:])
	return s
}
