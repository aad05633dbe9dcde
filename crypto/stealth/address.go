package stealth

import (
	"fmt"

	"github.com/stegos-go/stegos/crypto/schnorr"
)

// AddressVersion is the only address version defined: the payload is the
// version byte, the view key A and the spend key B.
const AddressVersion = 0

// AddressSize is the length of an address's binary encoding.
const AddressSize = 1 + 2*schnorr.PublicKeySize

// Address is a recipient's public view key A = a·G and spend key B = b·G.
// The zero value is not a valid address; get one from Keys.Address,
// ViewKey.Address, NewAddress, DecodeAddress or ParseAddress.
type Address struct {
	view, spend schnorr.PublicKey
}

// NewAddress returns the address with view key A and spend key B.
func NewAddress(view, spend *schnorr.PublicKey) (Address, error) {
	// Round-trip through the encoding: this rejects zero-value keys.
	var b [AddressSize]byte
	copy(b[1:], view.Bytes())
	copy(b[1+schnorr.PublicKeySize:], spend.Bytes())
	return DecodeAddress(b[:])
}

// ViewPublicKey returns A.
func (a Address) ViewPublicKey() *schnorr.PublicKey { return &a.view }

// SpendPublicKey returns B.
func (a Address) SpendPublicKey() *schnorr.PublicKey { return &a.spend }

// Equal reports whether a and o are the same address.
func (a Address) Equal(o Address) bool { return a.view.Equal(&o.view) && a.spend.Equal(&o.spend) }

// Bytes returns the 65-byte binary encoding: version ‖ A ‖ B.
func (a Address) Bytes() []byte {
	b := make([]byte, 0, AddressSize)
	b = append(b, AddressVersion)
	b = append(b, a.view.Bytes()...)
	return append(b, a.spend.Bytes()...)
}

// DecodeAddress parses the binary encoding made by Bytes.
func DecodeAddress(b []byte) (Address, error) {
	if len(b) != AddressSize {
		return Address{}, fmt.Errorf("%w: %d bytes, want %d", ErrLength, len(b), AddressSize)
	}
	if b[0] != AddressVersion {
		return Address{}, fmt.Errorf("%w: version %d, want %d", ErrVersion, b[0], AddressVersion)
	}
	view, err := schnorr.DecodePublicKey(b[1 : 1+schnorr.PublicKeySize])
	if err != nil {
		return Address{}, fmt.Errorf("%w: view key: %w", ErrInvalidKey, err)
	}
	spend, err := schnorr.DecodePublicKey(b[1+schnorr.PublicKeySize:])
	if err != nil {
		return Address{}, fmt.Errorf("%w: spend key: %w", ErrInvalidKey, err)
	}
	return Address{view: *view, spend: *spend}, nil
}
