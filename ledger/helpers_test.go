package ledger_test

import (
	"bytes"
	"crypto/ed25519"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// seeded returns a deterministic random source, so fixtures (and the test
// failures they cause) are the same on every run.
func seeded(seed uint64) io.Reader {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// mustParams returns the parameters of network n.
func mustParams(tb testing.TB, n params.Network) *params.Params {
	tb.Helper()
	p, err := params.For(n)
	if err != nil {
		tb.Fatal(err)
	}
	return &p
}

// newKeys returns a wallet's keys drawn from rnd.
func newKeys(tb testing.TB, rnd io.Reader) *stealth.Keys {
	tb.Helper()
	a, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := pedersen.RandomBlinding(rnd)
	if err != nil {
		tb.Fatal(err)
	}
	k, err := stealth.NewKeys(a, b)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// recipient returns the stealth fields of a fresh output to to at index.
func recipient(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32) (ledger.Recipient, *stealth.SharedSecret) {
	tb.Helper()
	so, ss, err := stealth.NewOutput(rnd, to, index)
	if err != nil {
		tb.Fatal(err)
	}
	return ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag}, ss
}

// mintConfidential returns a confidential output of amount to to at index,
// made the way genesis makes them (no range proof: genesis is trusted).
func mintConfidential(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32, amount uint64) *ledger.ConfidentialOutput {
	tb.Helper()
	so, ss, err := stealth.NewOutput(rnd, to, index)
	if err != nil {
		tb.Fatal(err)
	}
	out, _, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// mintPublic returns a public output of amount to to at index.
func mintPublic(tb testing.TB, rnd io.Reader, to stealth.Address, index uint32, amount uint64) *ledger.PublicOutput {
	tb.Helper()
	rc, _ := recipient(tb, rnd, to, index)
	return &ledger.PublicOutput{Recipient: rc, Amount: amount}
}

// own returns out (at index) as an input keys can spend.
func own(tb testing.TB, keys *stealth.Keys, out ledger.Output, index uint32) txbuilder.Input {
	tb.Helper()
	rc, ok, err := txbuilder.Receive(keys, out, index)
	if err != nil || !ok {
		tb.Fatalf("Receive: ok=%v err=%v", ok, err)
	}
	in, err := rc.Spendable(keys)
	if err != nil {
		tb.Fatal(err)
	}
	return in
}

// outputsOf returns the outputs spent by inputs, in order.
func outputsOf(inputs []txbuilder.Input) []ledger.Output {
	outs := make([]ledger.Output, len(inputs))
	for i, in := range inputs {
		outs[i] = in.Output
	}
	return outs
}

// fixture holds transactions shared by the tests: building one with a range
// proof costs about 10 ms, so they are built once per test binary.
type fixture struct {
	p            *params.Params
	alice, bob   *stealth.Keys
	conf         *ledger.Tx        // 2-in/2-out confidential: alice pays bob, change to alice
	confEnc      []byte            // conf.Encode()
	confIn       []txbuilder.Input // conf's inputs
	other        *ledger.Tx        // another 1-in/2-out confidential tx (other commitments)
	otherIn      []txbuilder.Input
	pub          *ledger.Tx // 1-in/2-out public-only tx at exactly the minimum fee
	pubIn        []txbuilder.Input
	pubEnc       []byte
	publicCoin   txbuilder.Input // a second public output of alice's, unspent by the txs above
	stakeExample *ledger.StakeOutput
	regExample   *ledger.StakeOutput // stakeExample with a registration
}

var (
	fixtureOnce sync.Once
	fixtureVal  *fixture
)

// getFixture returns the shared fixture, building it on first use. If the
// build fails, the test that triggered it reports why and every later one
// fails at once.
func getFixture(tb testing.TB) *fixture {
	tb.Helper()
	fixtureOnce.Do(func() { fixtureVal = buildFixture(tb) })
	if fixtureVal == nil {
		tb.Fatal("the shared fixture failed to build (see the first test that used it)")
	}
	return fixtureVal
}

func buildFixture(tb testing.TB) *fixture {
	rnd := seeded(1)
	f := &fixture{p: mustParams(tb, params.Dev), alice: newKeys(tb, rnd), bob: newKeys(tb, rnd)}
	a := f.alice.Address()
	genesis := []ledger.Output{
		mintConfidential(tb, rnd, a, 0, 100*ledger.STG),
		mintConfidential(tb, rnd, a, 1, 50*ledger.STG),
		mintPublic(tb, rnd, a, 2, 10*ledger.STG),
		mintConfidential(tb, rnd, a, 3, 7*ledger.STG),
		mintPublic(tb, rnd, a, 4, 3*ledger.STG),
	}
	coins := make([]txbuilder.Input, len(genesis))
	for i, o := range genesis {
		coins[i] = own(tb, f.alice, o, uint32(i))
	}

	f.confIn = coins[0:2]
	tx, err := txbuilder.Build(rnd, f.p, f.confIn, []txbuilder.Payment{{To: f.bob.Address(), Amount: 120 * ledger.STG, Memo: []byte("rent")}}, a, 0)
	if err != nil {
		tb.Fatalf("Build conf: %v", err)
	}
	f.conf, f.confEnc = tx, tx.Encode()

	f.otherIn = coins[3:4]
	if f.other, err = txbuilder.Build(rnd, f.p, f.otherIn, []txbuilder.Payment{{To: f.bob.Address(), Amount: 2 * ledger.STG}}, a, 0); err != nil {
		tb.Fatalf("Build other: %v", err)
	}

	f.pubIn = coins[2:3]
	f.pub = publicTx(tb, rnd, f.p, f.p.ChainID, f.pubIn, f.bob.Address(), a, 4*ledger.STG, 0)
	f.pubEnc = f.pub.Encode()
	f.publicCoin = coins[4]

	rc, _ := recipient(tb, rnd, a, 1)
	f.stakeExample = &ledger.StakeOutput{Recipient: rc, Amount: 5 * ledger.STG}
	var seed [32]byte
	seed[0] = 1
	copy(f.stakeExample.Validator[:], ed25519.NewKeyFromSeed(seed[:])[32:])
	seed[0] = 2
	vk, err := vrf.NewKeyFromSeed(seed[:])
	if err != nil {
		tb.Fatal(err)
	}
	copy(f.stakeExample.VRFKey[:], vk.Public().Bytes())

	// The same stake as a validator's first: with its registration.
	tok, err := txbuilder.NewValidatorToken(f.p.ChainID, ed25519.NewKeyFromSeed(append([]byte{1}, make([]byte, 31)...)), vk)
	if err != nil {
		tb.Fatal(err)
	}
	reg := *f.stakeExample
	if reg.Registration, err = tok.Register(rnd, reg.OneTimeKey); err != nil {
		tb.Fatal(err)
	}
	f.regExample = &reg
	return f
}

// publicTx returns a signed transaction with no confidential output and no
// range proof: inputs (all public) pay amount to to and the rest, less the
// fee, back to change. fee 0 means exactly the minimum fee.
func publicTx(tb testing.TB, rnd io.Reader, p *params.Params, chainID string, inputs []txbuilder.Input, to, change stealth.Address, amount, fee uint64) *ledger.Tx {
	tb.Helper()
	var have uint64
	tx := &ledger.Tx{Network: uint8(p.Network)}
	for _, in := range inputs {
		have += in.Amount
		tx.Inputs = append(tx.Inputs, in.ID)
	}
	pay := mintPublic(tb, rnd, to, 0, amount)
	back := mintPublic(tb, rnd, change, 1, 1)
	tx.Outputs = []ledger.Output{pay, back}
	if fee == 0 {
		fee = p.MinFee(len(tx.Outputs), len(tx.Encode()))
	}
	tx.Fee = fee
	back.Amount = have - amount - fee
	if err := txbuilder.Sign(rnd, chainID, tx, inputs); err != nil {
		tb.Fatal(err)
	}
	return tx
}

// clone returns a deep copy of tx.
func clone(tb testing.TB, tx *ledger.Tx) *ledger.Tx {
	tb.Helper()
	c, err := ledger.DecodeTx(tx.Encode())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// validate runs every check a node runs on a transaction apart from the
// UTXO lookups: CheckStateless, VerifyRange and CheckInputs, and returns the
// first error.
func validate(p *params.Params, enc []byte, chainID string, inputs []ledger.Output) error {
	c, err := ledger.CheckStateless(p, enc)
	if err != nil {
		return err
	}
	if err := c.VerifyRange(); err != nil {
		return err
	}
	return c.CheckInputs(chainID, inputs, nil)
}

// newScalar returns the scalar with canonical encoding b (which must be one).
func newScalar(tb testing.TB, b []byte) *ristretto255.Scalar {
	tb.Helper()
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// flip returns a copy of b with bit bit of byte i flipped.
func flip(b []byte, i int, bit uint) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1 << bit
	return c
}
