package keys

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/sha512"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/vrf"
)

// DerivationSalt is the HKDF-Extract salt of every key derived from a seed.
const DerivationSalt = "stegos/v1/keys"

// Info strings, with the decimal index in place of <index>:
//
//	stegos/v1/account/<index>/spend
//	stegos/v1/account/<index>/view
//	stegos/v1/validator/<index>/consensus
//	stegos/v1/validator/<index>/vrf
const (
	labelAccount   = "stegos/v1/account/"
	labelValidator = "stegos/v1/validator/"
)

// derive returns HKDF-SHA512(IKM = seed, salt = DerivationSalt, info, n).
func (s *Seed) derive(info string, n int) []byte {
	out, err := hkdf.Key(sha512.New, s.b[:], []byte(DerivationSalt), info, n)
	if err != nil {
		panic("keys: HKDF failed: " + err.Error()) // n is far below 255·64
	}
	return out
}

// deriveScalar reduces 64 derived bytes to a ristretto255 scalar.
func (s *Seed) deriveScalar(info string) *ristretto255.Scalar {
	wide := s.derive(info, 64)
	defer clear(wide)
	x, err := ristretto255.NewScalar().SetUniformBytes(wide)
	if err != nil {
		panic(err) // unreachable: the input is 64 bytes
	}
	return x
}

// derive32 returns a 32-byte derived seed.
func (s *Seed) derive32(info string) [32]byte {
	b := s.derive(info, 32)
	defer clear(b)
	return [32]byte(b)
}

func accountInfo(index uint32, role string) string {
	return labelAccount + strconv.FormatUint(uint64(index), 10) + "/" + role
}

func validatorInfo(index uint32, role string) string {
	return labelValidator + strconv.FormatUint(uint64(index), 10) + "/" + role
}

// AccountKeys are the two secret scalars of one account: b spends, a views.
// crypto/stealth turns them into an address (A = a·G, B = b·G).
type AccountKeys struct {
	Spend *ristretto255.Scalar // b
	View  *ristretto255.Scalar // a
}

// Account derives the spend and view scalars of account index.
func (s *Seed) Account(index uint32) *AccountKeys {
	return &AccountKeys{
		Spend: s.deriveScalar(accountInfo(index, "spend")),
		View:  s.deriveScalar(accountInfo(index, "view")),
	}
}

// Zero overwrites both scalars.
func (k *AccountKeys) Zero() {
	k.Spend.Zero()
	k.View.Zero()
}

const accountRedacted = "keys.AccountKeys(REDACTED)"

// String redacts the keys.
func (k AccountKeys) String() string { return accountRedacted }

// Format redacts the keys under every fmt verb.
func (k AccountKeys) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, accountRedacted) }

// LogValue redacts the keys in log/slog output.
func (k AccountKeys) LogValue() slog.Value { return slog.StringValue(accountRedacted) }

// ValidatorConsensusSeed derives the 32-byte Ed25519 seed (RFC 8032 private
// key) of validator index's consensus key. The caller should clear it after
// use.
func (s *Seed) ValidatorConsensusSeed(index uint32) [32]byte {
	return s.derive32(validatorInfo(index, "consensus"))
}

// ValidatorVRFSeed derives the 32-byte seed of validator index's VRF key.
// The caller should clear it after use.
func (s *Seed) ValidatorVRFSeed(index uint32) [32]byte {
	return s.derive32(validatorInfo(index, "vrf"))
}

// ValidatorConsensusKey returns the Ed25519 consensus key of validator
// index, in the 64-byte form CometBFT's ed25519 keys use.
func (s *Seed) ValidatorConsensusKey(index uint32) ed25519.PrivateKey {
	seed := s.ValidatorConsensusSeed(index)
	defer clear(seed[:])
	return ed25519.NewKeyFromSeed(seed[:])
}

// ValidatorVRFKey returns the VRF key of validator index.
func (s *Seed) ValidatorVRFKey(index uint32) *vrf.PrivateKey {
	seed := s.ValidatorVRFSeed(index)
	defer clear(seed[:])
	k, err := vrf.NewKeyFromSeed(seed[:])
	if err != nil {
		panic(err) // unreachable: the seed is 32 bytes
	}
	return k
}
