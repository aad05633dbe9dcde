package schnorr

import (
	"fmt"

	"github.com/gtank/ristretto255"
)

// aggregate is the key-aggregation data shared by every signer of a list.
type aggregate struct {
	keys  []*PublicKey
	list  [64]byte               // L = H(tagKeyList, P_1, ..., P_n)
	coefs []*ristretto255.Scalar // a_i = Hs(tagCoefficient, L, P_i)
	key   *PublicKey             // X = Σ a_i·P_i
}

// AggregateKey returns the key that a multi-party signature by pubs verifies
// against: Σ a_i·P_i with a_i = Hs("stegos/v1/schnorr/musig/coefficient", L, P_i)
// and L the hash of the whole ordered list. The order matters (it is part of
// L): every signer and the verifier must use the same order, for example the
// order of the inputs in a transaction. It rejects an empty list and
// duplicate keys.
func AggregateKey(pubs []*PublicKey) (*PublicKey, error) {
	agg, err := newAggregate(pubs)
	if err != nil {
		return nil, err
	}
	return agg.key, nil
}

// newAggregate computes L, the coefficients and the aggregate key.
func newAggregate(pubs []*PublicKey) (*aggregate, error) {
	if len(pubs) == 0 {
		return nil, ErrNoKeys
	}
	encs := make([][]byte, len(pubs))
	first := make(map[[PublicKeySize]byte]int, len(pubs))
	for i, p := range pubs {
		if !p.valid() {
			return nil, fmt.Errorf("%w: key %d is not a valid public key", ErrEncoding, i)
		}
		if j, dup := first[p.enc]; dup {
			return nil, fmt.Errorf("%w: keys %d and %d", ErrDuplicateKey, j, i)
		}
		first[p.enc] = i
		encs[i] = p.enc[:]
	}
	agg := &aggregate{
		keys:  make([]*PublicKey, len(pubs)),
		list:  TaggedHash(tagKeyList, encs...),
		coefs: make([]*ristretto255.Scalar, len(pubs)),
	}
	points := make([]*ristretto255.Element, len(pubs))
	for i, p := range pubs {
		agg.keys[i] = p
		agg.coefs[i] = HashToScalar(tagCoefficient, agg.list[:], p.enc[:])
		points[i] = &p.e
	}
	x := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(agg.coefs, points)
	key, err := NewPublicKey(x)
	if err != nil {
		// Σ a_i·P_i = 0 needs a relation between the keys chosen after the
		// coefficients were known: infeasible, but refuse rather than sign for 0.
		return nil, fmt.Errorf("schnorr: aggregate key: %w", err)
	}
	agg.key = key
	return agg, nil
}

// AggregatePrivateKey returns the private key Σ a_i·x_i of AggregateKey for
// the public keys of privs, in the same order. A wallet that owns every input
// of a transaction signs with it directly (an ordinary Sign) instead of
// running the multi-party protocol with itself.
func AggregatePrivateKey(privs []*PrivateKey) (*PrivateKey, error) {
	pubs := make([]*PublicKey, len(privs))
	for i, k := range privs {
		if k == nil || !k.pub.valid() {
			return nil, fmt.Errorf("%w: private key %d", ErrZeroKey, i)
		}
		pubs[i] = &k.pub
	}
	agg, err := newAggregate(pubs)
	if err != nil {
		return nil, err
	}
	x := ristretto255.NewScalar()
	for i, k := range privs {
		x.Add(x, ristretto255.NewScalar().Multiply(agg.coefs[i], &k.x))
	}
	return NewPrivateKey(x)
}
