package keys_test

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/crypto/keys"
)

func Example() {
	m, err := keys.NewMnemonic(rand.Reader)
	if err != nil {
		panic(err)
	}
	// Show m.Words() to the user once; later they type it back.
	typed := m.Phrase()

	restored, err := keys.ParseMnemonic(typed)
	if err != nil {
		panic(err)
	}
	seed := restored.Seed("")
	acct := seed.Account(0)
	fmt.Println(len(m.Words()), acct)
	// Output: 24 keys.AccountKeys(REDACTED)
}

func ExampleValidateMnemonic() {
	err := keys.ValidateMnemonic("legal winner thank year wave sausage worth useful legal winner thank year")
	fmt.Println(err)

	var unknown *keys.UnknownWordError
	err = keys.ValidateMnemonic("legal winner thank year wavv sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title")
	if errors.As(err, &unknown) {
		fmt.Println(unknown.Position, unknown.Suggestion)
	}
	// Output:
	// keys: invalid recovery phrase: it has 12 words, expected 24
	// 5 wave
}
