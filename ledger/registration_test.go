package ledger_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"testing"

	"filippo.io/edwards25519"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// Encodings of ed25519 points that must never be a validator's or a VRF
// key: points of small order (CometBFT's ZIP-215 verification accepts a
// forged signature for every one of them), non-canonical encodings, a
// point with a torsion component, and a y that is on no point.
func badKeys(t *testing.T) map[string][32]byte {
	t.Helper()
	h := func(s string) [32]byte {
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 32 {
			t.Fatalf("bad test key %q", s)
		}
		return [32]byte(b)
	}
	keys := map[string][32]byte{
		"the identity":                      h("0100000000000000000000000000000000000000000000000000000000000000"),
		"a point of order 2":                h("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"a point of order 4":                h("0000000000000000000000000000000000000000000000000000000000000000"),
		"a point of order 8":                h("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
		"the identity with y = p + 1":       h("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"the identity with the x sign set":  h("0100000000000000000000000000000000000000000000000000000000000080"),
		"a y that is on no point":           h("0700000000000000000000000000000000000000000000000000000000000000"),
		"all zero but the x sign (order 4)": h("0000000000000000000000000000000000000000000000000000000000000080"),
	}
	// A point of large order written with y + p instead of y: decoders that
	// reduce y accept it, so it would be a second name of another key.
	for k := byte(2); k < 19; k++ {
		enc := h("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") // p
		enc[0] += k
		if _, err := new(edwards25519.Point).SetBytes(enc[:]); err == nil {
			keys["y = p + small, a non-canonical encoding"] = enc
			break
		}
	}
	// An honest key plus a point of order 8: canonical and of large
	// order, but not in the prime-order subgroup.
	pub, _, err := ed25519.GenerateKey(seeded(40))
	if err != nil {
		t.Fatal(err)
	}
	a, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		t.Fatal(err)
	}
	t8 := h("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
	tor, err := new(edwards25519.Point).SetBytes(t8[:])
	if err != nil {
		t.Fatal(err)
	}
	keys["an honest key plus a point of order 8"] = [32]byte(new(edwards25519.Point).Add(a, tor).Bytes())
	return keys
}

// regFixture is a validator with its keys and a registration token.
type regFixture struct {
	consensus ed25519.PrivateKey
	vrf       *vrf.PrivateKey
	token     *txbuilder.ValidatorToken
}

func newRegFixture(t *testing.T, f *fixture, seed uint64) *regFixture {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(seeded(seed))
	if err != nil {
		t.Fatal(err)
	}
	vk, err := vrf.GenerateKey(seeded(seed + 1))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := txbuilder.NewValidatorToken(f.p.ChainID, priv, vk)
	if err != nil {
		t.Fatal(err)
	}
	return &regFixture{consensus: priv, vrf: vk, token: tok}
}

// stakeTx returns a signed transaction spending alice's spare public coin
// into the stake outputs made by outs (each gets a fresh recipient of
// alice's; the first takes the coin less the fee and the others 1 µSTG),
// and its encoding. register, if set, fills in a registration once the
// recipient is known.
func stakeTx(t *testing.T, f *fixture, outs ...func(rc ledger.Recipient) *ledger.StakeOutput) []byte {
	t.Helper()
	in := f.publicCoin
	tx := &ledger.Tx{Network: uint8(f.p.Network), Inputs: []ledger.OutputID{in.ID}}
	rnd := seeded(41)
	for i, mk := range outs {
		rc, _ := recipient(t, rnd, f.alice.Address(), uint32(i))
		tx.Outputs = append(tx.Outputs, mk(rc))
	}
	tx.Fee = f.p.MinFee(len(tx.Outputs), len(tx.Encode()))
	rest := in.Amount - tx.Fee
	for i := len(tx.Outputs) - 1; i >= 1; i-- {
		tx.Outputs[i].(*ledger.StakeOutput).Amount = 1
		rest--
	}
	tx.Outputs[0].(*ledger.StakeOutput).Amount = rest
	if err := txbuilder.Sign(seeded(42), f.p.ChainID, tx, []txbuilder.Input{in}); err != nil {
		t.Fatal(err)
	}
	return tx.Encode()
}

// plainStake makes a stake output without registration.
func plainStake(validator, vrfKey [32]byte) func(ledger.Recipient) *ledger.StakeOutput {
	return func(rc ledger.Recipient) *ledger.StakeOutput {
		return &ledger.StakeOutput{Recipient: rc, Amount: 1, Validator: validator, VRFKey: vrfKey}
	}
}

// registered makes a registration output of r's validator; tamper, if
// set, changes it afterwards.
func (r *regFixture) registered(t *testing.T, tamper func(*ledger.StakeOutput)) func(ledger.Recipient) *ledger.StakeOutput {
	return func(rc ledger.Recipient) *ledger.StakeOutput {
		o := &ledger.StakeOutput{Recipient: rc, Amount: 1, Validator: r.token.Validator, VRFKey: r.token.VRFKey}
		reg, err := r.token.Register(seeded(43), rc.OneTimeKey)
		if err != nil {
			t.Fatal(err)
		}
		o.Registration = reg
		if tamper != nil {
			tamper(o)
		}
		return o
	}
}

// wantBadOutput fails unless err is a bad output (12) wrapping reason.
func wantBadOutput(t *testing.T, err error, reason error) {
	t.Helper()
	if ledger.KindOf(err) != ledger.KindBadOutput || !errors.Is(err, reason) {
		t.Fatalf("got %v, want bad output (12) because %v", err, reason)
	}
}

// TestStakeKeyRejections: a stake output names a validator and a VRF key
// that must be canonical encodings of points of prime order. Each bad key
// is refused at stage 1 with its own reason, for either field.
func TestStakeKeyRejections(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	good := newRegFixture(t, f, 44).token
	for name, key := range badKeys(t) {
		t.Run("validator: "+name, func(t *testing.T) {
			_, err := ledger.CheckStateless(f.p, stakeTx(t, f, plainStake(key, good.VRFKey)))
			wantBadOutput(t, err, ledger.ErrValidatorKey)
		})
		t.Run("VRF key: "+name, func(t *testing.T) {
			_, err := ledger.CheckStateless(f.p, stakeTx(t, f, plainStake(good.Validator, key)))
			wantBadOutput(t, err, ledger.ErrVRFKey)
		})
	}
	t.Run("honest keys", func(t *testing.T) {
		if _, err := ledger.CheckStateless(f.p, stakeTx(t, f, plainStake(good.Validator, good.VRFKey))); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSmallOrderKeyForgesVotes is why the key rules exist: CometBFT's
// ed25519 accepts the signature R = identity, S = 0 on any message for the
// identity key, so anyone could sign votes for such a validator (and get
// its stake slashed for double signing). The ledger refuses the key.
func TestSmallOrderKeyForgesVotes(t *testing.T) {
	t.Parallel()
	identity := badKeys(t)["the identity"]
	var forged [64]byte
	forged[0] = 1 // R = the identity's encoding, S = 0
	if !cmted25519.PubKey(identity[:]).VerifySignature([]byte("any vote at all"), forged[:]) {
		t.Fatal("CometBFT refused the forgery; the test no longer shows the attack")
	}
	if err := ledger.CheckValidatorKey(identity); !errors.Is(err, ledger.ErrValidatorKey) {
		t.Fatalf("CheckValidatorKey(identity) = %v", err)
	}
}

// TestRegistrationAccepted: a first stake with valid proofs passes every
// stage, and round-trips with its own tag and size.
func TestRegistrationAccepted(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	r := newRegFixture(t, f, 50)
	enc := stakeTx(t, f, r.registered(t, nil))
	if err := validate(f.p, enc, f.p.ChainID, []ledger.Output{f.publicCoin.Output}); err != nil {
		t.Fatal(err)
	}
	tx, err := ledger.DecodeTx(enc)
	if err != nil {
		t.Fatal(err)
	}
	o := tx.Outputs[0].(*ledger.StakeOutput)
	if o.Registration == nil || o.Type() != ledger.TypeStake {
		t.Fatalf("decoded %+v", o)
	}
	out := ledger.EncodeOutput(o)
	if len(out) != ledger.StakeRegistrationSize || out[0] != byte(ledger.TypeStakeRegistration) {
		t.Fatalf("registration output of %d bytes with tag 0x%02x, want %d bytes and 0x%02x", len(out), out[0], ledger.StakeRegistrationSize, ledger.TypeStakeRegistration)
	}
	back, err := ledger.DecodeOutput(out)
	if err != nil || !bytes.Equal(ledger.EncodeOutput(back), out) {
		t.Fatalf("round trip: %v", err)
	}
}

// TestRegistrationRejections: every way a registration can be wrong is
// refused at stage 1 with its reason. The cases include the attacks: the
// keys swapped (a mistake that used to bond to a key no node runs),
// proofs copied into another owner's output (front-running a validator's
// own registration), proofs made for another chain, and two validators'
// proofs mixed.
func TestRegistrationRejections(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	r := newRegFixture(t, f, 60)
	other := newRegFixture(t, f, 62)
	p2 := *f.p
	p2.ChainID = "stegos-other"
	foreign, err := txbuilder.NewValidatorToken(p2.ChainID, r.consensus, r.vrf)
	if err != nil {
		t.Fatal(err)
	}
	// victim is the output the validator's own wallet would make; the
	// attacker copies its registration into an output of its own.
	victimRc, _ := recipient(t, seeded(61), f.bob.Address(), 0)
	victimReg, err := r.token.Register(seeded(63), victimRc.OneTimeKey)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		tamper func(o *ledger.StakeOutput)
		want   error
	}{
		{"validator and VRF key swapped", func(o *ledger.StakeOutput) { o.Validator, o.VRFKey = o.VRFKey, o.Validator }, ledger.ErrConsensusProof},
		{"consensus signature changed", func(o *ledger.StakeOutput) { o.Registration.ConsensusSig[5] ^= 1 }, ledger.ErrConsensusProof},
		{"VRF proof changed", func(o *ledger.StakeOutput) { o.Registration.VRFProof[40] ^= 1 }, ledger.ErrVRFProof},
		{"owner signature changed", func(o *ledger.StakeOutput) { o.Registration.OwnerSig[40] ^= 1 }, ledger.ErrOwnerProof},
		{"registration key not a point", func(o *ledger.StakeOutput) {
			// Proofs that name the bad key, as only the validator could make.
			o.Registration.Key = [32]byte{0xff}
			m := ledger.RegistrationMessage(f.p.ChainID, o.Validator, o.VRFKey, o.Registration.Key)
			copy(o.Registration.ConsensusSig[:], ed25519.Sign(r.consensus, m[:]))
			o.Registration.VRFProof, _ = vrf.Prove(r.vrf, m[:])
		}, ledger.ErrOwnerProof},
		{"proofs copied under another owner", func(o *ledger.StakeOutput) { o.Registration = victimReg }, ledger.ErrOwnerProof},
		{"another validator's VRF key and proof", func(o *ledger.StakeOutput) {
			o.VRFKey = other.token.VRFKey
			o.Registration.VRFProof = other.token.VRFProof
		}, ledger.ErrConsensusProof},
		{"another validator's consensus proof", func(o *ledger.StakeOutput) { o.Registration.ConsensusSig = other.token.ConsensusSig }, ledger.ErrConsensusProof},
		{"proofs for another chain", func(o *ledger.StakeOutput) {
			reg, err := foreign.Register(seeded(64), o.OneTimeKey)
			if err != nil {
				t.Fatal(err)
			}
			o.Registration = reg
		}, ledger.ErrConsensusProof},
		{"a small-order validator key", func(o *ledger.StakeOutput) { o.Validator = badKeys(t)["the identity"] }, ledger.ErrValidatorKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ledger.CheckStateless(f.p, stakeTx(t, f, r.registered(t, tc.tamper)))
			wantBadOutput(t, err, tc.want)
		})
	}
	t.Run("two registrations in one transaction", func(t *testing.T) {
		_, err := ledger.CheckStateless(f.p, stakeTx(t, f, r.registered(t, nil), other.registered(t, nil)))
		wantBadOutput(t, err, ledger.ErrTwoRegistrations)
	})
	t.Run("a registration beside a plain stake", func(t *testing.T) {
		if _, err := ledger.CheckStateless(f.p, stakeTx(t, f, r.registered(t, nil), plainStake(other.token.Validator, other.token.VRFKey))); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCheckStakeOutput is the check genesis stakes go through: the same
// rules as stage 1, for one output.
func TestCheckStakeOutput(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	r := newRegFixture(t, f, 70)
	rc, _ := recipient(t, seeded(71), f.alice.Address(), 0)
	o := r.registered(t, nil)(rc)
	if err := ledger.CheckStakeOutput(f.p.ChainID, o); err != nil {
		t.Fatal(err)
	}
	if err := ledger.CheckStakeOutput("stegos-other", o); !errors.Is(err, ledger.ErrConsensusProof) {
		t.Fatalf("another chain: %v", err)
	}
	plain := *o
	plain.Registration = nil
	plain.Validator = badKeys(t)["a point of order 8"]
	if err := ledger.CheckStakeOutput(f.p.ChainID, &plain); !errors.Is(err, ledger.ErrValidatorKey) {
		t.Fatalf("small-order key: %v", err)
	}
}

// TestDecodeRegistrationRejects: a registration output is exactly its
// size; the registration tag does not take a plain stake's body nor the
// other way round.
func TestDecodeRegistrationRejects(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	r := newRegFixture(t, f, 80)
	rc, _ := recipient(t, seeded(81), f.alice.Address(), 0)
	reg := ledger.EncodeOutput(r.registered(t, nil)(rc))
	plain := ledger.EncodeOutput(plainStake(r.token.Validator, r.token.VRFKey)(rc))
	for name, b := range map[string][]byte{
		"truncated registration":            reg[:len(reg)-1],
		"registration with a trailing byte": append(bytes.Clone(reg), 0),
		"plain stake body under 0x06":       setAt(plain, 0, byte(ledger.TypeStakeRegistration)),
		"registration body under 0x03":      setAt(reg, 0, byte(ledger.TypeStake)),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ledger.DecodeOutput(b); ledger.KindOf(err) != ledger.KindMalformed {
				t.Fatalf("got %v, want malformed", err)
			}
		})
	}
}

// BenchmarkCheckStakeOutput measures what a stake output costs stage 1:
// the two key checks alone (a plain stake) and with a registration's three
// proofs.
func BenchmarkCheckStakeOutput(b *testing.B) {
	f := getFixture(b)
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			if err := ledger.CheckStakeOutput(f.p.ChainID, f.stakeExample); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("registration", func(b *testing.B) {
		for b.Loop() {
			if err := ledger.CheckStakeOutput(f.p.ChainID, f.regExample); err != nil {
				b.Fatal(err)
			}
		}
	})
}
