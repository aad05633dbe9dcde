package txbuilder_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// newToken returns a fresh validator's token for the dev chain, drawn from
// seed.
func newToken(tb testing.TB, seed uint64) *txbuilder.ValidatorToken {
	tb.Helper()
	_, priv, err := ed25519.GenerateKey(seeded(seed))
	if err != nil {
		tb.Fatal(err)
	}
	vk, err := vrf.GenerateKey(seeded(seed + 1))
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := txbuilder.NewValidatorToken(devParams(tb).ChainID, priv, vk)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// honestTarget returns a stake target with a real validator's keys.
func honestTarget(tb testing.TB, seed uint64) *txbuilder.StakeTarget {
	tok := newToken(tb, seed)
	return &txbuilder.StakeTarget{Validator: tok.Validator, VRFKey: tok.VRFKey}
}

// TestValidatorTokenRoundTrip: the text is bech32m with the prefix
// "stgval", the same for the same keys, and reads back to the same token.
func TestValidatorTokenRoundTrip(t *testing.T) {
	t.Parallel()
	tok := newToken(t, 100)
	s := tok.Text()
	if !strings.HasPrefix(s, "stgval1") || !txbuilder.IsValidatorToken(s) {
		t.Fatalf("token text %q", s)
	}
	if again := newToken(t, 100).Text(); again != s {
		t.Fatal("the same keys give another token")
	}
	for _, text := range []string{s, strings.ToUpper(s), "  " + s + "\n"} {
		got, err := txbuilder.ParseValidatorToken(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text() != s || got.Validator != tok.Validator || got.VRFKey != tok.VRFKey || got.ChainID != tok.ChainID || got.RegistrationKey() != tok.RegistrationKey() {
			t.Fatalf("read back %v, want %v", got, tok)
		}
	}
}

// TestValidatorTokenSecretStaysOut: the token's registration secret never
// reaches fmt or slog.
func TestValidatorTokenSecretStaysOut(t *testing.T) {
	t.Parallel()
	tok := newToken(t, 102)
	secretPart := tok.Text()[len(tok.Text())/2:][:20]
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("staking", "token", tok)
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %s", tok, tok, tok), tok.String(), logged.String()} {
		if strings.Contains(s, secretPart) || strings.Contains(s, "stgval1") {
			t.Fatalf("the token's text leaked: %q", s)
		}
	}
}

// TestParseValidatorTokenRejects: a typo is a checksum error; a key, a
// token of swapped or foreign keys or of a corrupted secret is refused
// with a reason.
func TestParseValidatorTokenRejects(t *testing.T) {
	t.Parallel()
	tok := newToken(t, 104)
	s := tok.Text()
	typo := []byte(s)
	i := len(typo) / 2
	if typo[i] == 'q' {
		typo[i] = 'p'
	} else {
		typo[i] = 'q'
	}
	cases := []struct {
		name string
		text string
		want error
	}{
		{"a hex key", fmt.Sprintf("%x", tok.Validator), txbuilder.ErrNotToken},
		{"empty", "", txbuilder.ErrNotToken},
		{"a stealth address", "stg1qqqqqqqq", txbuilder.ErrNotToken},
		{"one character changed", string(typo), txbuilder.ErrTokenChecksum},
		{"truncated", s[:len(s)-1], txbuilder.ErrTokenChecksum},
		{"mixed case", s[:10] + strings.ToUpper(s[10:]), txbuilder.ErrToken},
		{"not bech32", "stgval1bbbbbbbbbb", txbuilder.ErrToken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := txbuilder.ParseValidatorToken(tc.text); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// Well-formed tokens whose proofs do not hold (re-encoded with a
	// valid checksum, as a forger would).
	other := newToken(t, 106)
	forged := []struct {
		name   string
		change func(t *txbuilder.ValidatorToken)
		want   error
	}{
		{"validator and VRF key swapped", func(x *txbuilder.ValidatorToken) { x.Validator, x.VRFKey = x.VRFKey, x.Validator }, ledger.ErrConsensusProof},
		{"another chain", func(x *txbuilder.ValidatorToken) { x.ChainID = "stegos-testnet-1" }, ledger.ErrConsensusProof},
		{"another validator's VRF proof", func(x *txbuilder.ValidatorToken) { x.VRFProof = other.VRFProof }, ledger.ErrVRFProof},
		{"a small-order validator key", func(x *txbuilder.ValidatorToken) { x.Validator = [32]byte{1} }, ledger.ErrValidatorKey},
	}
	for _, tc := range forged {
		t.Run(tc.name, func(t *testing.T) {
			x := *tok
			tc.change(&x)
			_, err := txbuilder.ParseValidatorToken(x.Text())
			if !errors.Is(err, txbuilder.ErrToken) || !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestRegisterFirstStake: a stake target with a token builds a
// registration output whose proofs pass the ledger's checks and whose
// owner is the output's own one-time key; its fee is exact.
func TestRegisterFirstStake(t *testing.T) {
	t.Parallel()
	rnd := seeded(110)
	p := devParams(t)
	alice := newKeys(t, rnd)
	tok := newToken(t, 111)
	ins := coins(t, rnd, alice, 3000*ledger.STG)
	target := &txbuilder.StakeTarget{Validator: tok.Validator, VRFKey: tok.VRFKey, Token: tok}
	b, err := txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: alice.Address(), Amount: 2000 * ledger.STG, Stake: target}}, alice.Address(), txbuilder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p, b.Tx, ins)
	at, _ := b.OutputOf(0)
	so := b.Tx.Outputs[at].(*ledger.StakeOutput)
	if so.Registration == nil || so.Validator != tok.Validator || so.VRFKey != tok.VRFKey {
		t.Fatalf("stake output %+v", so)
	}
	if err := ledger.CheckStakeOutput(p.ChainID, so); err != nil {
		t.Fatal(err)
	}
	enc := b.Tx.Encode()
	if min := p.MinFee(len(b.Tx.Outputs), len(enc)); b.Tx.Fee != min {
		t.Fatalf("fee %d, minimum %d", b.Tx.Fee, min)
	}
	if got := (txbuilder.Shape{Inputs: 1, Confidential: 1, Registrations: 1}).Size(); got != len(enc) {
		t.Fatalf("Shape.Size() = %d, encoding is %d bytes", got, len(enc))
	}
	// A token whose keys are not the target's is refused.
	bad := &txbuilder.StakeTarget{Validator: tok.VRFKey, VRFKey: tok.Validator, Token: tok}
	if _, err := txbuilder.BuildWith(rnd, p, ins, []txbuilder.Payment{{To: alice.Address(), Amount: 2000 * ledger.STG, Stake: bad}}, alice.Address(), txbuilder.Options{}); err == nil {
		t.Fatal("a target whose keys differ from its token's was built")
	}
	// Two registrations do not fit in one transaction.
	two := []txbuilder.Payment{{To: alice.Address(), Amount: 1000 * ledger.STG, Stake: target}, {To: alice.Address(), Amount: 1000 * ledger.STG, Stake: target}}
	if _, err := txbuilder.BuildWith(rnd, p, ins, two, alice.Address(), txbuilder.Options{}); err == nil {
		t.Fatal("two registrations were built into one transaction")
	}
}
