package txbuilder

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/btcsuite/btcd/address/v2/bech32"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/ledger"
)

// ValidatorTokenHRP is the human-readable prefix of a validator token's
// bech32m text.
const ValidatorTokenHRP = "stgval"

const (
	// tokenVersion is the first byte of a token's payload.
	tokenVersion = 1
	// tagRegistrationSecret derives a validator's registration key from
	// its consensus key's seed.
	tagRegistrationSecret = "stegos/v1/validator/registration-key"
	// tokenFixed is the payload size without the chain id.
	tokenFixed = 1 + 1 + 32 + 32 + 32 + 64 + vrf.ProofSize
	// maxTokenText is the longest text bech32's checksum is defined for.
	maxTokenText = 1023
)

// Errors of ParseValidatorToken.
var (
	// ErrNotToken: the text does not start with the token prefix, so it is
	// not a token at all (it may be a key).
	ErrNotToken = errors.New("not a validator token")
	// ErrTokenChecksum: the text has a typo (its checksum is wrong).
	ErrTokenChecksum = errors.New("validator token: checksum mismatch (a character is wrong or missing)")
	// ErrToken: the text is a token, but not a valid one.
	ErrToken = errors.New("invalid validator token")
)

// ValidatorToken is what `stegosd validator-info` prints and a validator's
// first stake needs (ADR 0016): the validator's consensus and VRF keys,
// their proofs of possession for one chain, and the secret of the
// registration key the proofs name. Whoever holds the token can make
// itself the validator's owner with the first stake, so it is handed only
// to the wallet meant to own the validator; once the validator is
// registered the token is of no further use.
type ValidatorToken struct {
	ChainID      string
	Validator    [32]byte
	VRFKey       [32]byte
	ConsensusSig [64]byte
	VRFProof     [vrf.ProofSize]byte
	secret       *schnorr.PrivateKey
}

// NewValidatorToken makes the token of the validator whose consensus
// private key is consensus and whose VRF key is vrfKey, for chainID. The
// registration key is derived from the consensus key's seed, and every
// signature is deterministic, so a node prints the same token every time.
func NewValidatorToken(chainID string, consensus ed25519.PrivateKey, vrfKey *vrf.PrivateKey) (*ValidatorToken, error) {
	if len(consensus) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("txbuilder: consensus key of %d bytes, want %d", len(consensus), ed25519.PrivateKeySize)
	}
	if chainID == "" || len(chainID) > 255 {
		return nil, fmt.Errorf("txbuilder: chain id %q: want 1 to 255 bytes", chainID)
	}
	if vrfKey == nil {
		return nil, errors.New("txbuilder: no VRF key")
	}
	seed := consensus.Seed()
	x := schnorr.HashToScalar(tagRegistrationSecret, seed)
	clear(seed)
	sk, err := schnorr.NewPrivateKey(x)
	if err != nil {
		return nil, fmt.Errorf("txbuilder: registration key: %w", err)
	}
	t := &ValidatorToken{ChainID: chainID, secret: sk}
	copy(t.Validator[:], consensus[32:])
	copy(t.VRFKey[:], vrfKey.Public().Bytes())
	m := ledger.RegistrationMessage(chainID, t.Validator, t.VRFKey, t.RegistrationKey())
	copy(t.ConsensusSig[:], ed25519.Sign(consensus, m[:]))
	proof, _ := vrf.Prove(vrfKey, m[:])
	t.VRFProof = proof
	if err := ledger.VerifyPossession(chainID, t.Validator, t.VRFKey, t.registration()); err != nil {
		return nil, fmt.Errorf("txbuilder: %w", err) // a key no chain accepts
	}
	return t, nil
}

// RegistrationKey is the public key of the token's registration secret.
func (t *ValidatorToken) RegistrationKey() [32]byte { return t.secret.Public().Array() }

// registration returns the registration without the owner signature.
func (t *ValidatorToken) registration() *ledger.Registration {
	return &ledger.Registration{Key: t.RegistrationKey(), ConsensusSig: t.ConsensusSig, VRFProof: t.VRFProof}
}

// Register returns the registration a first stake output with one-time
// key oneTimeKey carries: the token's proofs and the registration key's
// signature naming that key as the validator's owner. rand hedges the
// signature's nonce.
func (t *ValidatorToken) Register(rand io.Reader, oneTimeKey [32]byte) (*ledger.Registration, error) {
	om := ledger.OwnerMessage(t.ChainID, t.Validator, oneTimeKey)
	sig, err := schnorr.Sign(rand, t.secret, om[:])
	if err != nil {
		return nil, fmt.Errorf("txbuilder: signing the owner: %w", err)
	}
	r := t.registration()
	copy(r.OwnerSig[:], sig.Bytes())
	return r, nil
}

// payload is the token's binary form:
// version u8 ‖ len(chain_id) u8 ‖ chain_id ‖ validator ‖ vrf_key ‖
// registration secret ‖ consensus_sig ‖ vrf_proof.
func (t *ValidatorToken) payload() []byte {
	b := make([]byte, 0, tokenFixed+len(t.ChainID))
	b = append(b, tokenVersion, byte(len(t.ChainID)))
	b = append(b, t.ChainID...)
	b = append(b, t.Validator[:]...)
	b = append(b, t.VRFKey[:]...)
	b = append(b, t.secret.Bytes()...)
	b = append(b, t.ConsensusSig[:]...)
	b = append(b, t.VRFProof[:]...)
	return b
}

// Text returns the token as bech32m text with the prefix "stgval". It
// contains the registration secret: print it for the validator's owner,
// never into a log.
func (t *ValidatorToken) Text() string {
	b := t.payload()
	defer clear(b)
	data, err := bech32.ConvertBits(b, 8, 5, true)
	if err != nil {
		panic("txbuilder: ConvertBits(8→5): " + err.Error()) // only fails for bad bit widths
	}
	s, err := bech32.EncodeM(ValidatorTokenHRP, data)
	if err != nil {
		panic("txbuilder: EncodeM: " + err.Error()) // only fails for data bytes ≥ 32
	}
	return s
}

// String names the token without its secret.
func (t *ValidatorToken) String() string {
	return "validator token for " + hex.EncodeToString(t.Validator[:8]) + "… (" + t.ChainID + ")"
}

// LogValue keeps the secret out of logs.
func (t *ValidatorToken) LogValue() slog.Value { return slog.StringValue(t.String()) }

// IsValidatorToken reports whether s looks like a token (by its prefix)
// rather than a key: ParseValidatorToken says whether it is a valid one.
func IsValidatorToken(s string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), ValidatorTokenHRP+"1")
}

// ParseValidatorToken reads a token's text (in lower or upper case) and
// verifies its proofs of possession for the chain it names. Errors wrap
// ErrNotToken, ErrTokenChecksum or ErrToken, or a reason of package ledger
// (ledger.ErrValidatorKey, ledger.ErrConsensusProof, …) for a token whose
// proofs do not hold.
func ParseValidatorToken(s string) (*ValidatorToken, error) {
	s = strings.TrimSpace(s)
	if !IsValidatorToken(s) {
		return nil, fmt.Errorf("%w: it does not start with %q", ErrNotToken, ValidatorTokenHRP+"1")
	}
	if len(s) > maxTokenText {
		return nil, fmt.Errorf("%w: %d characters", ErrToken, len(s))
	}
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return nil, fmt.Errorf("%w: mixed case", ErrToken)
	}
	hrp, data, version, err := bech32.DecodeNoLimitWithVersion(strings.ToLower(s))
	if err != nil {
		var bad bech32.ErrInvalidChecksum
		if errors.As(err, &bad) {
			return nil, ErrTokenChecksum
		}
		return nil, fmt.Errorf("%w: %w", ErrToken, err)
	}
	if hrp != ValidatorTokenHRP || version != bech32.VersionM {
		return nil, fmt.Errorf("%w: not a bech32m %q string", ErrToken, ValidatorTokenHRP)
	}
	b, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrToken, err)
	}
	defer clear(b)
	if len(b) < 2 || b[0] != tokenVersion {
		return nil, fmt.Errorf("%w: unknown version", ErrToken)
	}
	n := int(b[1])
	if n == 0 || len(b) != tokenFixed+n {
		return nil, fmt.Errorf("%w: %d bytes", ErrToken, len(b))
	}
	t := &ValidatorToken{ChainID: string(b[2 : 2+n])}
	rest := b[2+n:]
	next := func(dst []byte) { copy(dst, rest); rest = rest[len(dst):] }
	next(t.Validator[:])
	next(t.VRFKey[:])
	var secret [32]byte
	next(secret[:])
	next(t.ConsensusSig[:])
	next(t.VRFProof[:])
	t.secret, err = schnorr.DecodePrivateKey(secret[:])
	clear(secret[:])
	if err != nil {
		return nil, fmt.Errorf("%w: registration secret: %w", ErrToken, err)
	}
	if err := ledger.VerifyPossession(t.ChainID, t.Validator, t.VRFKey, t.registration()); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrToken, err)
	}
	return t, nil
}
