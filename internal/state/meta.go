package state

import (
	"crypto/sha256"
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/internal/codec"
)

// Meta is the chain-level part of the state.
type Meta struct {
	// Height is the last committed block (0 after genesis).
	Height int64
	// Supply is the µSTG held by the UTXO set.
	Supply uint64
	// Burned is the µSTG paid in fees so far (burned, see ADR 0011).
	Burned uint64
	// Gamma is the scalar with Σ C(UTXO) = Supply·H + Gamma·G.
	Gamma [32]byte
	// CommitSum is Σ C(UTXO), kept incrementally.
	CommitSum [32]byte
	// TreeRoot is the sparse Merkle root over the UTXO set.
	TreeRoot [32]byte

	// The reward accounts (docs/economics.md), in µSTG. Minted block
	// rewards, Slashed stakes and Returned stakes (the part of a slashed
	// stake not forfeited) are always in the Pool, in validators' Rewards or
	// Withdrawn; Awarded counts what the pool has paid to award winners.
	Minted, Pool, Rewards, Withdrawn, Slashed, Returned, Awarded uint64
	// Beacon is the randomness beacon after this block; DrawSeed the beacon
	// fixed for the coming award draw.
	Beacon, DrawSeed [32]byte
	// ValidatorsHash commits to the validator records.
	ValidatorsHash [32]byte
}

// metaSizeV1 is the size of the metadata before staking (its fields are
// then zero); metaSize the current one.
const (
	metaSizeV1 = 8 + 8 + 8 + 32 + 32 + 32
	metaSize   = metaSizeV1 + 7*8 + 3*32
)

func (m *Meta) encode() []byte {
	w := codec.NewWriter(metaSize)
	w.Uint64(uint64(m.Height))
	w.Uint64(m.Supply)
	w.Uint64(m.Burned)
	w.Fixed(m.Gamma[:])
	w.Fixed(m.CommitSum[:])
	w.Fixed(m.TreeRoot[:])
	for _, v := range []uint64{m.Minted, m.Pool, m.Rewards, m.Withdrawn, m.Slashed, m.Returned, m.Awarded} {
		w.Uint64(v)
	}
	w.Fixed(m.Beacon[:])
	w.Fixed(m.DrawSeed[:])
	w.Fixed(m.ValidatorsHash[:])
	return w.Bytes()
}

func decodeMeta(b []byte) (*Meta, error) {
	r := codec.NewReader(b)
	m := &Meta{Height: int64(r.Uint64()), Supply: r.Uint64(), Burned: r.Uint64()}
	r.Fixed(m.Gamma[:])
	r.Fixed(m.CommitSum[:])
	r.Fixed(m.TreeRoot[:])
	if len(b) != metaSizeV1 {
		for _, v := range []*uint64{&m.Minted, &m.Pool, &m.Rewards, &m.Withdrawn, &m.Slashed, &m.Returned, &m.Awarded} {
			*v = r.Uint64()
		}
		r.Fixed(m.Beacon[:])
		r.Fixed(m.DrawSeed[:])
		r.Fixed(m.ValidatorsHash[:])
	}
	if err := r.Finish(); err != nil {
		return nil, err
	}
	if m.Height < 0 {
		return nil, fmt.Errorf("negative height %d", m.Height)
	}
	return m, nil
}

// AppHash is the hash CometBFT agrees on: SHA-256("stegos/v1/apphash" ‖ meta).
func (m *Meta) AppHash() []byte {
	h := sha256.New()
	h.Write([]byte("stegos/v1/apphash"))
	h.Write(m.encode())
	return h.Sum(nil)
}

// CheckSupply checks the supply invariant on the incremental sum:
// Σ C(UTXO) == Supply·H + Gamma·G.
func (m *Meta) CheckSupply() error {
	return checkSupply(m.CommitSum, m.Supply, m.Gamma)
}

func checkSupply(sum [32]byte, supply uint64, gamma [32]byte) error {
	g, err := ristretto255.NewScalar().SetCanonicalBytes(gamma[:])
	if err != nil {
		return fmt.Errorf("state: gamma is not canonical: %w", err)
	}
	want := pedersen.CommitScalar(pedersen.ScalarFromUint64(supply), g)
	got, err := pedersen.Decode(sum[:])
	if err != nil {
		return fmt.Errorf("state: commitment sum: %w", err)
	}
	if !got.Equal(want) {
		return &SupplyError{Supply: supply}
	}
	return nil
}

// SupplyError reports a broken supply invariant: the UTXO commitments do not
// sum to Supply·H + Gamma·G.
type SupplyError struct {
	Supply uint64
}

func (e *SupplyError) Error() string {
	return fmt.Sprintf("state: supply invariant broken: UTXO commitments do not sum to %d µSTG·H + Γ·G", e.Supply)
}
