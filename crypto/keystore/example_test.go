package keystore_test

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/crypto/keystore"
)

func Example() {
	secret := []byte("64 bytes of BIP-39 seed would go here")
	// Real wallets use keystore.DefaultParams().
	file, err := keystore.Encrypt(rand.Reader, []byte("hunter2 but longer"), secret, keystore.MinParams())
	if err != nil {
		panic(err)
	}

	_, err = keystore.Decrypt([]byte("hunter3 but longer"), file)
	fmt.Println(errors.Is(err, keystore.ErrWrongPassword))

	plain, err := keystore.Decrypt([]byte("hunter2 but longer"), file)
	fmt.Println(string(plain) == string(secret), err)
	clear(plain)
	// Output:
	// true
	// true <nil>
}
