package wallet

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/keystore"
	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// The plaintext inside an account's keystore file: a kind byte, then the
// BIP-39 entropy of a full account, or the view secret (32) and the spend
// public key (32) of a view-only one, then (kinds 3 and 4) the account's
// record key (32), which seals its records in the wallet database (ADR
// 0017). Kinds 1 and 2, without a record key, are files written before;
// the first unlock rewrites them.
const (
	secretSeed           byte = 1
	secretViewOnly       byte = 2
	secretSeedSealed     byte = 3
	secretViewOnlySealed byte = 4
)

// secrets are an account's decrypted keys.
type secrets struct {
	keys *stealth.Keys // spend key included for full accounts
	// signer is the spend scalar b as a Schnorr key (B = b·G, the
	// address's spend key), for SignData; nil for view-only accounts and
	// once the account is locked.
	signer   *schnorr.PrivateKey
	viewOnly *stealth.Keys // view key only: what a locked account scans with
	view     *ristretto255.Scalar
	// recordKey seals the account's records; nil in a key file from
	// before ADR 0017.
	recordKey []byte
}

// canSpend reports whether the secrets include the spend key.
func (s *secrets) canSpend() bool { return s.keys.CanSpend() }

// zero clears the scalars we hold directly.
func (s *secrets) zero() {
	if s.view != nil {
		s.view.Zero()
	}
	clear(s.recordKey)
	s.signer = nil
}

// seedSecrets derives account 0 of a recovery phrase's seed.
func seedSecrets(m *keys.Mnemonic) (*secrets, []byte, error) {
	seed := m.Seed("")
	defer seed.Zero()
	acc := seed.Account(0)
	defer acc.Spend.Zero()
	k, err := stealth.NewKeys(acc.View, acc.Spend)
	if err != nil {
		return nil, nil, err
	}
	vo, err := stealth.NewViewOnly(acc.View, k.Address().SpendPublicKey().Element())
	if err != nil {
		return nil, nil, err
	}
	signer, err := schnorr.NewPrivateKey(acc.Spend)
	if err != nil {
		return nil, nil, err
	}
	plain := append([]byte{secretSeed}, m.Entropy()...)
	return &secrets{keys: k, viewOnly: vo, signer: signer, view: ristretto255.NewScalar().Set(acc.View)}, plain, nil
}

// viewOnlySecrets checks an imported view key against its address.
func viewOnlySecrets(addr stealth.Address, viewHex string) (*secrets, []byte, error) {
	b, err := hex.DecodeString(viewHex)
	if err != nil || len(b) != 32 {
		return nil, nil, fmt.Errorf("%w: the view key must be 64 hex digits", ErrInvalidAddress)
	}
	view, err := ristretto255.NewScalar().SetCanonicalBytes(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the view key is not a canonical scalar", ErrInvalidAddress)
	}
	vo, err := stealth.NewViewOnly(view, addr.SpendPublicKey().Element())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidAddress, err)
	}
	if !vo.Address().Equal(addr) {
		return nil, nil, fmt.Errorf("%w: the view key does not belong to this address", ErrInvalidAddress)
	}
	plain := append([]byte{secretViewOnly}, b...)
	plain = append(plain, addr.SpendPublicKey().Bytes()...)
	return &secrets{keys: vo, viewOnly: vo, view: view}, plain, nil
}

// withRecordKey returns the keystore plaintext of kind 1 or 2 with the
// record key appended (kind 3 or 4).
func withRecordKey(plain, recordKey []byte) ([]byte, error) {
	if len(plain) == 0 || (plain[0] != secretSeed && plain[0] != secretViewOnly) || len(recordKey) != recordKeySize {
		return nil, errors.New("wallet: key file plaintext already has a record key, or is malformed")
	}
	out := make([]byte, 0, len(plain)+recordKeySize)
	out = append(out, plain[0]+2)
	out = append(out, plain[1:]...)
	return append(out, recordKey...), nil
}

// decodeSecrets parses a keystore plaintext.
func decodeSecrets(plain []byte) (*secrets, error) {
	if len(plain) == 0 {
		return nil, errors.New("wallet: empty key file plaintext")
	}
	switch plain[0] {
	case secretSeedSealed, secretViewOnlySealed:
		if len(plain) < 1+recordKeySize {
			return nil, errors.New("wallet: key file: no room for the record key")
		}
		body := append([]byte{plain[0] - 2}, plain[1:len(plain)-recordKeySize]...)
		defer clear(body)
		s, err := decodeSecrets(body)
		if err != nil {
			return nil, err
		}
		s.recordKey = append([]byte(nil), plain[len(plain)-recordKeySize:]...)
		return s, nil
	case secretSeed:
		m, err := keys.MnemonicFromEntropy(plain[1:])
		if err != nil {
			return nil, fmt.Errorf("wallet: key file: %w", err)
		}
		defer m.Zero()
		s, p, err := seedSecrets(m)
		clear(p)
		return s, err
	case secretViewOnly:
		if len(plain) != 65 {
			return nil, errors.New("wallet: key file: bad view-only length")
		}
		view, err := ristretto255.NewScalar().SetCanonicalBytes(plain[1:33])
		if err != nil {
			return nil, fmt.Errorf("wallet: key file: %w", err)
		}
		spend, err := ristretto255.NewIdentityElement().SetCanonicalBytes(plain[33:])
		if err != nil {
			return nil, fmt.Errorf("wallet: key file: %w", err)
		}
		vo, err := stealth.NewViewOnly(view, spend)
		if err != nil {
			return nil, err
		}
		return &secrets{keys: vo, viewOnly: vo, view: view}, nil
	}
	return nil, fmt.Errorf("wallet: key file: unknown kind %d", plain[0])
}

// sealSecrets encrypts plain under password.
func sealSecrets(rand io.Reader, password string, plain []byte, p keystore.Params) ([]byte, error) {
	if password == "" {
		return nil, ErrEmptyPassword
	}
	return keystore.Encrypt(rand, []byte(password), plain, p)
}

// openSecrets decrypts a keystore file.
func openSecrets(password string, file []byte) (*secrets, error) {
	sec, plain, err := openKeyFile(password, file)
	clear(plain)
	return sec, err
}

// openKeyFile decrypts a keystore file and returns its plaintext too; the
// caller clears it.
func openKeyFile(password string, file []byte) (*secrets, []byte, error) {
	plain, err := keystore.Decrypt([]byte(password), file)
	if errors.Is(err, keystore.ErrWrongPassword) || errors.Is(err, keystore.ErrEmptyPassword) {
		return nil, nil, ErrWrongPassword
	}
	if err != nil {
		return nil, nil, err
	}
	sec, err := decodeSecrets(plain)
	if err != nil {
		clear(plain)
		return nil, nil, err
	}
	return sec, plain, nil
}
