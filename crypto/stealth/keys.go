package stealth

import (
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/schnorr"
)

// ViewKey holds the view scalar a and the spend public key B: enough to find
// a wallet's outputs and read their payloads, not to spend them. It never
// prints its scalar.
type ViewKey struct {
	ecdh      *ecdhKey
	view      schnorr.PublicKey    // A = a·G
	spend     schnorr.PublicKey    // B
	spendElem ristretto255.Element // B, decoded once for Scan
}

// SpendKey holds the spend scalar b. It never prints its scalar.
type SpendKey struct {
	b   ristretto255.Scalar
	pub schnorr.PublicKey
}

// Keys is a wallet's key pair: a view key and, unless view-only, a spend key.
type Keys struct {
	view  *ViewKey
	spend *SpendKey // nil for view-only keys
}

// NewKeys returns keys with view scalar a and spend scalar b (both copied),
// as a key-derivation scheme hands them over. It rejects zero scalars and
// a = b (which would turn every view key into a spend key).
func NewKeys(view, spend *ristretto255.Scalar) (*Keys, error) {
	if view.Equal(spend) == 1 {
		return nil, ErrSameKeys
	}
	b, err := schnorr.NewPrivateKey(spend)
	if err != nil {
		return nil, fmt.Errorf("stealth: spend key: %w", err)
	}
	vk, err := NewViewOnly(view, b.Public().Element())
	if err != nil {
		return nil, err
	}
	sk := &SpendKey{pub: *b.Public()}
	sk.b.Set(spend)
	return &Keys{view: vk.view, spend: sk}, nil
}

// NewViewOnly returns view-only keys: the view scalar a and the spend public
// key B. They find outputs and decrypt payloads; SpendKey refuses them.
func NewViewOnly(view *ristretto255.Scalar, spendPub *ristretto255.Element) (*Keys, error) {
	a, err := schnorr.NewPrivateKey(view)
	if err != nil {
		return nil, fmt.Errorf("stealth: view key: %w", err)
	}
	b, err := schnorr.NewPublicKey(spendPub)
	if err != nil {
		return nil, fmt.Errorf("stealth: spend public key: %w", err)
	}
	if a.Public().Equal(b) {
		return nil, ErrSameKeys
	}
	vk := &ViewKey{ecdh: newECDHKey(view), view: *a.Public(), spend: *b}
	vk.spendElem.Set(spendPub)
	return &Keys{view: vk}, nil
}

// Address returns the wallet's address.
func (k *Keys) Address() Address { return k.view.Address() }

// ViewKey returns the view key, which can be handed to a scanning service or
// an auditor without giving away the ability to spend.
func (k *Keys) ViewKey() *ViewKey { return k.view }

// CanSpend reports whether k holds a spend key.
func (k *Keys) CanSpend() bool { return k.spend != nil }

// Scan is k.ViewKey().Scan.
func (k *Keys) Scan(out Output, index uint32) (*Match, bool) { return k.view.Scan(out, index) }

// Address returns the address (A, B) this view key scans for.
func (k *ViewKey) Address() Address { return Address{view: k.view, spend: k.spend} }

// SpendKey returns the spend key, or ErrViewOnly for view-only keys.
func (k *Keys) SpendKey() (*SpendKey, error) {
	if k.spend == nil {
		return nil, ErrViewOnly
	}
	return k.spend, nil
}

// Public returns B.
func (k *SpendKey) Public() *schnorr.PublicKey {
	p := k.pub
	return &p
}

// tagSpendDerive is the outer domain tag of SpendKey.DeriveScalar.
const tagSpendDerive = "stegos/v1/stealth/spend-derive"

// DeriveScalar returns a secret scalar derived from the spend scalar b for
// the purpose that tag names (such as "stegos/v1/wallet/txsecret"):
//
//	Hs("stegos/v1/stealth/spend-derive", tag, b, parts...)
//
// framed as schnorr.HashToScalar. The outer tag keeps derived scalars apart
// from every other hash of b, so no tag a caller chooses can reproduce a
// value this module computes from b for another purpose. The result is as
// secret as b.
func (k *SpendKey) DeriveScalar(tag string, parts ...[]byte) *ristretto255.Scalar {
	b := k.b.Bytes()
	all := make([][]byte, 0, 2+len(parts))
	all = append(all, []byte(tag), b)
	all = append(all, parts...)
	s := schnorr.HashToScalar(tagSpendDerive, all...)
	clear(b)
	return s
}

// String returns a fixed placeholder. (Value receivers, so that printing a
// dereferenced key redacts too.)
func (ViewKey) String() string { return "stealth.ViewKey(REDACTED)" }

// Format writes the placeholder for every verb.
func (k ViewKey) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// String returns a fixed placeholder.
func (SpendKey) String() string { return "stealth.SpendKey(REDACTED)" }

// Format writes the placeholder for every verb.
func (k SpendKey) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// String returns a fixed placeholder.
func (Keys) String() string { return "stealth.Keys(REDACTED)" }

// Format writes the placeholder for every verb.
func (k Keys) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }
