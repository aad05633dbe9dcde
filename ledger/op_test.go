package ledger_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stegos-go/stegos/crypto/schnorr"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// opFixture holds transactions with validator operations: public outputs
// only, so they cost no range proof.
type opFixture struct {
	owner    *schnorr.PrivateKey // the validator's owner key
	ownerPub [32]byte
	other    *schnorr.PrivateKey // a key that does not own the validator
	wd       *ledger.Tx          // withdrawal with no inputs
	uj       *ledger.Tx          // unjail whose fee an input pays
	ujIn     []txbuilder.Input
}

var (
	opFixtureOnce sync.Once
	opFixtureVal  *opFixture
)

func getOpFixture(tb testing.TB) (*fixture, *opFixture) {
	tb.Helper()
	f := getFixture(tb)
	opFixtureOnce.Do(func() { opFixtureVal = buildOpFixture(tb, f) })
	if opFixtureVal == nil {
		tb.Fatal("the op fixture failed to build (see the first test that used it)")
	}
	return f, opFixtureVal
}

func buildOpFixture(tb testing.TB, f *fixture) *opFixture {
	rnd := seeded(100)
	o := &opFixture{}
	var err error
	if o.owner, err = schnorr.GenerateKey(rnd); err != nil {
		tb.Fatal(err)
	}
	if o.other, err = schnorr.GenerateKey(rnd); err != nil {
		tb.Fatal(err)
	}
	o.ownerPub = o.owner.Public().Array()
	validator := [32]byte{0xaa, 1, 2, 3}
	o.wd = opTx(tb, rnd, f, nil, &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: validator, Nonce: 7, Amount: 5 * ledger.STG}, o.owner)
	o.ujIn = []txbuilder.Input{f.publicCoin}
	o.uj = opTx(tb, rnd, f, o.ujIn, &ledger.ValidatorOp{Kind: ledger.OpUnjail, Validator: validator, Nonce: 3}, o.owner)
	return o
}

// opTx returns a transaction with op spending inputs and claiming
// op.Amount into one public output to bob, at the minimum fee, signed by
// the inputs' keys followed by owner.
func opTx(tb testing.TB, rnd io.Reader, f *fixture, inputs []txbuilder.Input, op *ledger.ValidatorOp, owner *schnorr.PrivateKey) *ledger.Tx {
	tb.Helper()
	have := op.Amount
	tx := &ledger.Tx{Network: uint8(f.p.Network), Op: op}
	for _, in := range inputs {
		have += in.Amount
		tx.Inputs = append(tx.Inputs, in.ID)
	}
	out := mintPublic(tb, rnd, f.bob.Address(), 0, 1)
	tx.Outputs = []ledger.Output{out}
	tx.Fee = f.p.MinFee(1, len(tx.Encode()))
	out.Amount = have - tx.Fee
	if err := txbuilder.SignWith(rnd, f.p.ChainID, tx, inputs, owner); err != nil {
		tb.Fatal(err)
	}
	return tx
}

// wantRejection fails unless err is a ledger rejection of kind want whose
// message contains reason.
func wantRejection(t *testing.T, err error, want ledger.Kind, reason string) {
	t.Helper()
	if ledger.KindOf(err) != want {
		t.Fatalf("got %v (kind %s), want %s", err, ledger.KindOf(err), want)
	}
	if !strings.Contains(err.Error(), reason) {
		t.Fatalf("reason %q does not contain %q", err, reason)
	}
}

// TestOpRoundTrip: a transaction with an operation encodes as version 2,
// the 49 operation bytes right after the range proof and before the
// signature, and decodes to the same operation and bytes.
func TestOpRoundTrip(t *testing.T) {
	t.Parallel()
	f, o := getOpFixture(t)
	withProof := clone(t, f.conf)
	withProof.Op = &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: [32]byte{9, 8, 7}, Nonce: 1<<40 + 5, Amount: 1<<63 + 1}
	tests := []struct {
		name string
		tx   *ledger.Tx
	}{
		{"withdraw, no inputs", o.wd},
		{"unjail, one input", o.uj},
		{"withdraw with a range proof", withProof},
		{"unknown kind still encodes", func() *ledger.Tx {
			tx := clone(t, o.wd)
			tx.Op.Kind = 0xff
			return tx
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			enc := tt.tx.Encode()
			if enc[0] != ledger.TxVersionOp || ledger.TxVersionOp != 2 {
				t.Fatalf("version byte %d, want 2", enc[0])
			}
			op := tt.tx.Op
			at := len(enc) - 64 - ledger.OpSize
			if want := proofOffset(tt.tx) + 4 + len(tt.tx.RangeProof); at != want {
				t.Fatalf("operation at %d, the range proof ends at %d", at, want)
			}
			want := []byte{byte(op.Kind)}
			want = append(want, op.Validator[:]...)
			want = binary.BigEndian.AppendUint64(want, op.Nonce)
			want = binary.BigEndian.AppendUint64(want, op.Amount)
			if len(want) != ledger.OpSize || !bytes.Equal(enc[at:at+ledger.OpSize], want) {
				t.Fatalf("operation bytes %x, want %x", enc[at:at+ledger.OpSize], want)
			}
			if !bytes.Equal(enc[len(enc)-64:], tt.tx.Signature[:]) {
				t.Fatal("the signature is not last")
			}
			plain := clone(t, tt.tx)
			plain.Op = nil
			if penc := plain.Encode(); penc[0] != ledger.TxVersion || len(penc)+ledger.OpSize != len(enc) || !bytes.Equal(penc[1:at], enc[1:at]) {
				t.Fatal("the version-2 encoding is not the version-1 encoding with the operation inserted")
			}
			got, err := ledger.DecodeTx(enc)
			if err != nil {
				t.Fatal(err)
			}
			if got.Op == nil || *got.Op != *op {
				t.Fatalf("decoded op %+v, want %+v", got.Op, op)
			}
			if !bytes.Equal(got.Encode(), enc) || got.ID() != tt.tx.ID() {
				t.Fatal("decode→encode changed the bytes")
			}
		})
	}
	// A transaction without an operation decodes without one.
	if got, err := ledger.DecodeTx(f.pubEnc); err != nil || got.Op != nil {
		t.Fatalf("version 1: op %v, err %v", got.Op, err)
	}
}

// TestOpVersionMismatch: the version byte decides whether the operation is
// there; bytes that disagree are not a canonical encoding.
func TestOpVersionMismatch(t *testing.T) {
	t.Parallel()
	f, o := getOpFixture(t)
	wd := o.wd.Encode()
	at := len(wd) - 64 - ledger.OpSize
	tests := []struct {
		name string
		enc  []byte
	}{
		{"version 1 with the operation bytes", setAt(wd, 0, ledger.TxVersion)},
		{"version 2 without them", setAt(f.pubEnc, 0, ledger.TxVersionOp)},
		{"version 2, operation cut out", slices.Concat(wd[:at], wd[at+ledger.OpSize:])},
		{"version 2, operation one byte short", slices.Concat(wd[:at], wd[at+1:])},
		{"version 2, one trailing byte", append(bytes.Clone(wd), 0)},
		{"version 3", setAt(wd, 0, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ledger.DecodeTx(tt.enc)
			wantRejection(t, err, ledger.KindMalformed, "transaction")
			_, err = ledger.CheckStateless(f.p, tt.enc)
			wantRejection(t, err, ledger.KindMalformed, "transaction")
		})
	}
}

// TestOpStateless: an operation allows a transaction without inputs; an
// unknown operation or a withdrawal of nothing is malformed; a transaction
// without inputs and without an operation still is.
func TestOpStateless(t *testing.T) {
	t.Parallel()
	f, o := getOpFixture(t)
	withOp := func(mut func(op *ledger.ValidatorOp)) func(*ledger.Tx) {
		return func(tx *ledger.Tx) { mut(tx.Op) }
	}
	tests := []struct {
		name   string
		base   *ledger.Tx
		mutate func(tx *ledger.Tx)
		want   ledger.Kind // 0: passes
		reason string
	}{
		{"withdraw without inputs", o.wd, nil, 0, ""},
		{"unjail with an input", o.uj, nil, 0, ""},
		{"unjail without inputs, claiming the fee", o.wd, withOp(func(op *ledger.ValidatorOp) { op.Kind = ledger.OpUnjail }), 0, ""},
		{"operation kind 0", o.wd, withOp(func(op *ledger.ValidatorOp) { op.Kind = 0 }), ledger.KindMalformed, "unknown validator operation"},
		{"operation kind 3", o.uj, withOp(func(op *ledger.ValidatorOp) { op.Kind = 3 }), ledger.KindMalformed, "unknown validator operation"},
		{"operation kind 255", o.wd, withOp(func(op *ledger.ValidatorOp) { op.Kind = 255 }), ledger.KindMalformed, "unknown validator operation"},
		{"withdrawal of zero", o.uj, withOp(func(op *ledger.ValidatorOp) { op.Kind, op.Amount = ledger.OpWithdraw, 0 }), ledger.KindMalformed, "reward withdrawal of zero"},
		{"withdrawal of zero, no inputs", o.wd, withOp(func(op *ledger.ValidatorOp) { op.Amount = 0 }), ledger.KindMalformed, "reward withdrawal of zero"},
		{"no inputs and no operation", f.pub, func(tx *ledger.Tx) { tx.Inputs = nil }, ledger.KindMalformed, "no inputs"},
		{"no inputs, operation dropped", o.wd, func(tx *ledger.Tx) { tx.Op = nil }, ledger.KindMalformed, "no inputs"},
		{"operation without outputs", o.wd, func(tx *ledger.Tx) { tx.Outputs = nil }, ledger.KindMalformed, "no outputs"},
		{"operation bytes count in the fee", o.wd, func(tx *ledger.Tx) {
			tx.Fee--
			tx.Outputs[0].(*ledger.PublicOutput).Amount++
		}, ledger.KindFeeTooLow, "minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tx := clone(t, tt.base)
			if tt.mutate != nil {
				tt.mutate(tx)
			}
			c, err := ledger.CheckStateless(f.p, tx.Encode())
			if tt.want == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if (c.Tx.Op == nil) != (tx.Op == nil) || (tx.Op != nil && *c.Tx.Op != *tx.Op) {
					t.Fatalf("Checked op %+v, want %+v", c.Tx.Op, tx.Op)
				}
				return
			}
			wantRejection(t, err, tt.want, tt.reason)
		})
	}
}

// TestOpCheckInputs: the rewards claimed count as an input of Amount·H, and
// the owner key signs after the inputs' keys.
func TestOpCheckInputs(t *testing.T) {
	t.Parallel()
	f, o := getOpFixture(t)
	signKeys := func(keys func() []*schnorr.PrivateKey) func(t *testing.T, tx *ledger.Tx) {
		return func(t *testing.T, tx *ledger.Tx) {
			agg, err := schnorr.AggregatePrivateKey(keys())
			if err != nil {
				t.Fatal(err)
			}
			msg := tx.SigHash(f.p.ChainID)
			sig, err := schnorr.Sign(seeded(101), agg, msg[:])
			if err != nil {
				t.Fatal(err)
			}
			copy(tx.Signature[:], sig.Bytes())
		}
	}
	otherPub := o.other.Public().Array()
	ones := ones32()
	tests := []struct {
		name string
		uj   bool // start from the unjail paid by an input (default: the withdrawal)
		// mutate changes a copy of the base; resign signs it again with
		// the base's keys; sign replaces the signature.
		mutate func(tx *ledger.Tx)
		resign bool
		sign   func(t *testing.T, tx *ledger.Tx)
		owner  *[32]byte // default: the owner's key; see noOwner
		// noOwner passes no owner key.
		noOwner bool
		want    ledger.Kind
		reason  string
	}{
		{name: "withdrawal without inputs"},
		{name: "unjail paid by an input", uj: true},
		{name: "withdrawal re-signed with a smaller claim and output", mutate: func(tx *ledger.Tx) {
			tx.Op.Amount--
			tx.Outputs[0].(*ledger.PublicOutput).Amount--
		}, resign: true},

		// The owner key is resolved exactly for transactions with an operation.
		{name: "owner not resolved", noOwner: true, want: ledger.KindValidatorOp, reason: "owner key is not resolved"},
		{name: "owner not resolved, with inputs", uj: true, noOwner: true, want: ledger.KindValidatorOp, reason: "owner key is not resolved"},
		{name: "owner given for a transaction without operation", mutate: func(tx *ledger.Tx) { *tx = *clone(t, f.pub) }, want: ledger.KindValidatorOp, reason: "owner key is not resolved"},
		{name: "owner key not canonical", owner: &ones, want: ledger.KindValidatorOp, reason: "not a valid key"},
		{name: "owner key the identity", owner: &[32]byte{}, want: ledger.KindValidatorOp, reason: "not a valid key"},

		// Signatures.
		{name: "signed by another key", sign: signKeys(func() []*schnorr.PrivateKey { return []*schnorr.PrivateKey{o.other} }), want: ledger.KindBadSignature},
		{name: "checked against another owner", owner: &otherPub, want: ledger.KindBadSignature},
		{name: "unjail signed by the input without the owner", uj: true, sign: signKeys(func() []*schnorr.PrivateKey { return []*schnorr.PrivateKey{o.ujIn[0].Key} }), want: ledger.KindBadSignature},
		{name: "unjail signed by the owner without the input", uj: true, sign: signKeys(func() []*schnorr.PrivateKey { return []*schnorr.PrivateKey{o.owner} }), want: ledger.KindBadSignature},
		{name: "unjail signed with the owner key first", uj: true, sign: signKeys(func() []*schnorr.PrivateKey { return []*schnorr.PrivateKey{o.owner, o.ujIn[0].Key} }), want: ledger.KindBadSignature},
		{name: "unjail signed by the input and another owner", uj: true, sign: signKeys(func() []*schnorr.PrivateKey { return []*schnorr.PrivateKey{o.ujIn[0].Key, o.other} }), want: ledger.KindBadSignature},
		{name: "claim raised after signing (outputs too)", mutate: func(tx *ledger.Tx) {
			tx.Op.Amount += ledger.STG
			tx.Outputs[0].(*ledger.PublicOutput).Amount += ledger.STG
		}, want: ledger.KindBadSignature},
		{name: "nonce changed after signing", mutate: func(tx *ledger.Tx) { tx.Op.Nonce++ }, want: ledger.KindBadSignature},
		{name: "validator changed after signing", mutate: func(tx *ledger.Tx) { tx.Op.Validator[31] ^= 1 }, want: ledger.KindBadSignature},
		{name: "kind changed after signing", mutate: func(tx *ledger.Tx) { tx.Op.Kind = ledger.OpUnjail }, want: ledger.KindBadSignature},
		{name: "signed for another chain", sign: func(t *testing.T, tx *ledger.Tx) {
			if err := txbuilder.SignWith(seeded(102), "stegos-testnet-1", tx, nil, o.owner); err != nil {
				t.Fatal(err)
			}
		}, want: ledger.KindBadSignature},

		// The balance: Σ in + claim·H − Σ out = fee·H + γ·G.
		{name: "claim raised after signing", mutate: func(tx *ledger.Tx) { tx.Op.Amount++ }, want: ledger.KindImbalance, reason: "inputs do not equal outputs plus fee"},
		{name: "outputs over the claim, re-signed", mutate: func(tx *ledger.Tx) { tx.Outputs[0].(*ledger.PublicOutput).Amount++ }, resign: true, want: ledger.KindImbalance, reason: "inputs do not equal outputs plus fee"},
		{name: "outputs over input and claim, re-signed", uj: true, mutate: func(tx *ledger.Tx) { tx.Outputs[0].(*ledger.PublicOutput).Amount++ }, resign: true, want: ledger.KindImbalance, reason: "inputs do not equal outputs plus fee"},
		{name: "claim under the outputs, re-signed", mutate: func(tx *ledger.Tx) { tx.Op.Amount-- }, resign: true, want: ledger.KindImbalance, reason: "inputs do not equal outputs plus fee"},
		{name: "unjail claiming the fee twice, re-signed", uj: true, mutate: func(tx *ledger.Tx) { tx.Op.Amount = tx.Fee }, resign: true, want: ledger.KindImbalance, reason: "inputs do not equal outputs plus fee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, inputs := o.wd, []txbuilder.Input(nil)
			if tt.uj {
				base, inputs = o.uj, o.ujIn
			}
			tx := clone(t, base)
			if tt.mutate != nil {
				tt.mutate(tx)
			}
			if tt.resign {
				if err := txbuilder.SignWith(seeded(103), f.p.ChainID, tx, inputs, o.owner); err != nil {
					t.Fatal(err)
				}
			}
			if tt.sign != nil {
				tt.sign(t, tx)
			}
			owner := &o.ownerPub
			if tt.owner != nil {
				owner = tt.owner
			}
			if tt.noOwner {
				owner = nil
			}
			c, err := ledger.CheckStateless(f.p, tx.Encode())
			if err != nil {
				t.Fatalf("CheckStateless: %v", err)
			}
			if err := c.VerifyRange(); err != nil {
				t.Fatalf("VerifyRange: %v", err)
			}
			err = c.CheckInputs(f.p.ChainID, outputsOf(inputs), owner)
			if tt.want == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantRejection(t, err, tt.want, tt.reason)
		})
	}
}

// TestOpSigHash: the signature covers the operation: every field of it,
// and whether there is one at all (the version byte).
func TestOpSigHash(t *testing.T) {
	t.Parallel()
	f, o := getOpFixture(t)
	plain := clone(t, o.uj)
	plain.Op = nil
	variants := map[string]func(op *ledger.ValidatorOp){
		"base":          func(*ledger.ValidatorOp) {},
		"nonce + 1":     func(op *ledger.ValidatorOp) { op.Nonce++ },
		"other kind":    func(op *ledger.ValidatorOp) { op.Kind = ledger.OpWithdraw },
		"other amount":  func(op *ledger.ValidatorOp) { op.Amount = 1 },
		"other key":     func(op *ledger.ValidatorOp) { op.Validator[0] ^= 1 },
		"all zero":      func(op *ledger.ValidatorOp) { *op = ledger.ValidatorOp{} },
		"nonce 0":       func(op *ledger.ValidatorOp) { op.Nonce = 0 },
		"nonce 2^64-1":  func(op *ledger.ValidatorOp) { op.Nonce = 1<<64 - 1 },
		"amount 2^64-1": func(op *ledger.ValidatorOp) { op.Amount = 1<<64 - 1 },
	}
	seen := map[ledger.Hash]string{plain.SigHash(f.p.ChainID): "no operation (version 1)"}
	for name, mut := range variants {
		tx := clone(t, o.uj)
		mut(tx.Op)
		h := tx.SigHash(f.p.ChainID)
		if prev, dup := seen[h]; dup {
			t.Errorf("%s and %s have the same SigHash", name, prev)
		}
		seen[h] = name
	}
	// The signature itself is not signed.
	tx := clone(t, o.uj)
	tx.Signature = [64]byte{1}
	if tx.SigHash(f.p.ChainID) != o.uj.SigHash(f.p.ChainID) {
		t.Error("SigHash depends on the signature")
	}
}
