package ledger_test

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"slices"
	"testing"

	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

func TestTxRoundTrip(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	for name, tx := range map[string]*ledger.Tx{"confidential": f.conf, "other": f.other, "public": f.pub} {
		t.Run(name, func(t *testing.T) {
			enc := tx.Encode()
			got, err := ledger.DecodeTx(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Encode(), enc) {
				t.Fatal("decode→encode changed the bytes")
			}
			if got.ID() != tx.ID() {
				t.Fatal("id changed")
			}
			if tx.RangeProof == nil && got.RangeProof != nil {
				t.Error("an empty range proof decodes as non-nil")
			}
		})
	}
}

// TestTxLayout pins the byte layout of docs/spec/ledger.md on the 2-in/2-out
// transaction.
func TestTxLayout(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	tx, enc := f.conf, f.confEnc
	if len(enc) != 2150 {
		t.Errorf("2-in/2-out is %d bytes, the spec says 2150", len(enc))
	}
	off := 0
	next := func(n int) []byte { b := enc[off : off+n]; off += n; return b }
	if v := next(1)[0]; v != ledger.TxVersion {
		t.Errorf("version %d", v)
	}
	if n := next(1)[0]; n != tx.Network {
		t.Errorf("network %d", n)
	}
	if n := binary.BigEndian.Uint16(next(2)); n != 2 {
		t.Errorf("input count %d", n)
	}
	for i := range 2 {
		if !bytes.Equal(next(32), tx.Inputs[i][:]) {
			t.Errorf("input %d", i)
		}
	}
	if n := binary.BigEndian.Uint16(next(2)); n != 2 {
		t.Errorf("output count %d", n)
	}
	for i := range 2 {
		o := tx.Outputs[i].(*ledger.ConfidentialOutput)
		want := append([]byte{0x07}, o.OneTimeKey[:]...)
		want = append(append(append(want, o.TxKey[:]...), o.ViewTag), o.Commitment[:]...)
		want = append(append(want, o.EncryptedAmount[:]...), o.Payload[:]...)
		if got := next(618); !bytes.Equal(got, want) || !bytes.Equal(got, ledger.EncodeOutput(o)) {
			t.Errorf("output %d layout", i)
		}
	}
	if fee := binary.BigEndian.Uint64(next(8)); fee != tx.Fee {
		t.Errorf("fee %d", fee)
	}
	if !bytes.Equal(next(32), tx.Gamma[:]) {
		t.Error("gamma")
	}
	if n := binary.BigEndian.Uint32(next(4)); int(n) != bulletproofs.ProofSize(2) {
		t.Errorf("proof length %d", n)
	}
	if !bytes.Equal(next(bulletproofs.ProofSize(2)), tx.RangeProof) {
		t.Error("proof")
	}
	if !bytes.Equal(next(64), tx.Signature[:]) {
		t.Error("signature")
	}
	if off != len(enc) {
		t.Errorf("%d bytes left", len(enc)-off)
	}
	if ledger.MaxTxSize != txbuilder.Size(ledger.MaxInputs, ledger.MaxOutputs)+ledger.OpSize {
		t.Errorf("MaxTxSize %d, Size(%d, %d) = %d", ledger.MaxTxSize, ledger.MaxInputs, ledger.MaxOutputs, txbuilder.Size(ledger.MaxInputs, ledger.MaxOutputs))
	}
}

func TestOutputRoundTrip(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	tests := []struct {
		name string
		out  ledger.Output
		size int
	}{
		{"confidential", f.conf.Outputs[0], 1 + 65 + 32 + 8 + ledger.PayloadSize},
		{"public", f.pub.Outputs[0], 1 + 65 + 8},
		{"stake", f.stakeExample, 1 + 65 + 8 + 32 + 32},
		{"stake registration", f.regExample, 1 + 65 + 8 + 32 + 32 + 32 + 64 + 80 + 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := ledger.EncodeOutput(tt.out)
			if len(enc) != tt.size {
				t.Errorf("%d bytes, want %d", len(enc), tt.size)
			}
			tag := byte(tt.out.Type())
			if so, ok := tt.out.(*ledger.StakeOutput); ok && so.Registration != nil {
				tag = byte(ledger.TypeStakeRegistration)
			}
			if tt.out.Type() == ledger.TypeConfidential {
				tag = byte(ledger.TagConfidential) // the kind is 0x01, the layout 0x07
			}
			if enc[0] != tag {
				t.Errorf("tag 0x%02x, want 0x%02x", enc[0], tag)
			}
			got, err := ledger.DecodeOutput(enc)
			if err != nil {
				t.Fatal(err)
			}
			if got.Type() != tt.out.Type() || !bytes.Equal(ledger.EncodeOutput(got), enc) {
				t.Fatal("decode→encode changed the output")
			}
			if ledger.ID(got) != ledger.ID(tt.out) {
				t.Fatal("id changed")
			}
		})
	}
}

func TestDecodeOutputRejects(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	conf := ledger.EncodeOutput(f.conf.Outputs[0])
	pub := ledger.EncodeOutput(f.pub.Outputs[0])
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"tag only", conf[:1]},
		{"truncated confidential", conf[:len(conf)-1]},
		{"truncated public", pub[:len(pub)-1]},
		{"trailing byte", append(bytes.Clone(pub), 0)},
		{"longer than any output", append(bytes.Clone(conf), 0)},
		{"type 0x00", setAt(pub, 0, 0x00)},
		{"type 0x04 (reserved: HTLC)", setAt(pub, 0, 0x04)},
		{"type 0x05 (reserved: red packet)", setAt(pub, 0, 0x05)},
		{"type 0xff", setAt(pub, 0, 0xff)},
		{"public body under the confidential tag", setAt(pub, 0, byte(ledger.TagConfidential))},
		{"confidential body under the public tag", setAt(conf, 0, byte(ledger.TypePublic))},
		{"confidential body under the retired tag 0x01", setAt(conf, 0, byte(ledger.TypeConfidential))},
		{"ADR 0006 confidential output (tag 0x01, no encrypted amount)", retiredConfidential(f)},
		{"core encoding", ledger.EncodeCore(f.conf.Outputs[0])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := ledger.DecodeOutput(tt.in)
			if err == nil {
				t.Fatalf("accepted as %s", o.Type())
			}
			if k := ledger.KindOf(err); k != ledger.KindMalformed {
				t.Fatalf("kind %s, want malformed: %v", k, err)
			}
		})
	}
}

// Every proper prefix of a valid transaction is malformed.
func TestDecodeTxEveryPrefix(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	for _, enc := range [][]byte{f.confEnc, f.pubEnc} {
		for n := range len(enc) {
			if _, err := ledger.DecodeTx(enc[:n]); ledger.KindOf(err) != ledger.KindMalformed {
				t.Fatalf("prefix of %d of %d bytes: %v", n, len(enc), err)
			}
		}
	}
}

func TestIDsAndSigHash(t *testing.T) {
	t.Parallel()
	f := getFixture(t)
	tx := clone(t, f.conf)
	id, sh := tx.ID(), tx.SigHash(f.p.ChainID)
	tx.Signature[40] ^= 1
	if tx.SigHash(f.p.ChainID) != sh {
		t.Error("the sighash covers the signature")
	}
	if tx.ID() == id {
		t.Error("the tx id does not cover the signature")
	}
	if tx.SigHash("stegos-testnet-1") == sh {
		t.Error("the sighash does not cover the chain id")
	}
	tx.Fee++
	if tx.SigHash(f.p.ChainID) == sh {
		t.Error("the sighash does not cover the fee")
	}
	// Output ids are distinct from tx ids and from each other.
	seen := map[ledger.Hash]bool{id: true}
	for _, o := range append(f.conf.Outputs, f.pub.Outputs...) {
		oid := ledger.ID(o)
		if seen[oid] {
			t.Fatalf("id %s repeats", oid)
		}
		seen[oid] = true
	}
	if s := id.String(); len(s) != 64 {
		t.Errorf("Hash.String() = %q", s)
	}
}

// TestDecodeCapsBeforeAllocating feeds headers that claim huge counts and
// lengths: the decoder must refuse them without allocating for the claim.
func TestDecodeCapsBeforeAllocating(t *testing.T) {
	// Not parallel: it reads the process-wide allocation counter.
	hostile := map[string][]byte{
		"65535 inputs":             {ledger.TxVersion, 3, 0xff, 0xff},
		"32 inputs, no bytes":      {ledger.TxVersion, 3, 0, 32},
		"65535 outputs":            {ledger.TxVersion, 3, 0, 0, 0xff, 0xff},
		"16 outputs, no bytes":     {ledger.TxVersion, 3, 0, 0, 0, 16},
		"range proof of 4 GiB":     append(append(make([]byte, 0, 64), ledger.TxVersion, 3, 0, 0, 0, 0), append(make([]byte, 8+32), 0xff, 0xff, 0xff, 0xff)...),
		"range proof past the end": append(append(make([]byte, 0, 64), ledger.TxVersion, 3, 0, 0, 0, 0), append(make([]byte, 8+32), 0, 0, 3, 0xa0)...),
	}
	for name, b := range hostile {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 100 {
			if _, err := ledger.DecodeTx(b); ledger.KindOf(err) != ledger.KindMalformed {
				t.Fatalf("%s: %v, want malformed", name, err)
			}
		}
		runtime.ReadMemStats(&after)
		if per := (after.TotalAlloc - before.TotalAlloc) / 100; per > 2048 {
			t.Errorf("%s: %d bytes allocated per decode", name, per)
		}
	}
}

// fuzzSeeds returns real encodings and some near misses.
func fuzzSeeds(f *fixture) [][]byte {
	seeds := [][]byte{f.confEnc, f.pubEnc, f.other.Encode()}
	seeds = append(seeds, f.confEnc[:len(f.confEnc)-1], append(bytes.Clone(f.pubEnc), 0), setAt(f.confEnc, 0, 2))
	// Version 2: transactions with a validator operation, with and without
	// inputs (the signature does not matter to the decoder).
	for _, op := range []ledger.ValidatorOp{{Kind: ledger.OpWithdraw, Nonce: 3, Amount: 5}, {Kind: ledger.OpUnjail}} {
		tx := *f.other
		o := op
		tx.Op = &o
		seeds = append(seeds, tx.Encode())
		tx.Inputs = nil
		seeds = append(seeds, tx.Encode())
	}
	// A validator's first stake (tag 0x06), and the same bytes under the
	// plain stake tag.
	tx := *f.pub
	tx.Outputs = []ledger.Output{tx.Outputs[0], f.regExample}
	enc := tx.Encode()
	seeds = append(seeds, enc, setAt(enc, len(enc)-64-4-32-8-ledger.StakeRegistrationSize, byte(ledger.TypeStake)))
	// A confidential output under the retired tag 0x01.
	seeds = append(seeds, setAt(f.confEnc, 1+1+2+32*len(f.conf.Inputs)+2, byte(ledger.TypeConfidential)))
	return seeds
}

// FuzzDecodeTx checks that DecodeTx never panics, that it accepts only
// canonical encodings (decode→encode gives the same bytes) and that
// CheckStateless holds up on whatever decodes.
func FuzzDecodeTx(f *testing.F) {
	fx := getFixture(f)
	for _, s := range fuzzSeeds(fx) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, err := ledger.DecodeTx(b)
		if err != nil {
			if k := ledger.KindOf(err); k != ledger.KindMalformed && k != ledger.KindOversize {
				t.Fatalf("decode error of kind %s: %v", k, err)
			}
			return
		}
		if tx == nil {
			t.Fatal("nil transaction and nil error")
		}
		if !bytes.Equal(tx.Encode(), b) {
			t.Fatal("decode→encode changed the bytes")
		}
		if ins, err := ledger.PeekInputs(b); err != nil || !slices.Equal(ins, tx.Inputs) {
			t.Fatalf("PeekInputs = %v, %v; DecodeTx's inputs %v", ins, err, tx.Inputs)
		}
		c, err := ledger.CheckStateless(fx.p, b)
		if (c == nil) == (err == nil) {
			t.Fatalf("CheckStateless: checked %v, error %v", c != nil, err)
		}
		if err != nil && ledger.KindOf(err) == 0 {
			t.Fatalf("CheckStateless error without a kind: %v", err)
		}
	})
}

// FuzzDecodeOutput checks DecodeOutput the same way, and that Commitment
// and ID never panic on what decodes.
func FuzzDecodeOutput(f *testing.F) {
	fx := getFixture(f)
	for _, tx := range []*ledger.Tx{fx.conf, fx.pub} {
		for _, o := range tx.Outputs {
			f.Add(ledger.EncodeOutput(o))
		}
	}
	f.Add(ledger.EncodeOutput(fx.stakeExample))
	f.Add(ledger.EncodeOutput(fx.regExample))
	f.Add(setAt(ledger.EncodeOutput(fx.stakeExample), 0, byte(ledger.TypeStakeRegistration)))
	f.Add([]byte{byte(ledger.TypePublic)})
	f.Add(setAt(ledger.EncodeOutput(fx.conf.Outputs[0]), 0, byte(ledger.TypeConfidential)))
	f.Add(ledger.EncodeCore(fx.conf.Outputs[0]))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := ledger.DecodeOutput(b)
		if err != nil {
			if ledger.KindOf(err) != ledger.KindMalformed {
				t.Fatalf("error of kind %s: %v", ledger.KindOf(err), err)
			}
			return
		}
		if !bytes.Equal(ledger.EncodeOutput(o), b) {
			t.Fatal("decode→encode changed the bytes")
		}
		id := ledger.ID(o)
		if c, err := ledger.Commitment(o); (c == nil) == (err == nil) {
			t.Fatalf("Commitment: %v, %v", c, err)
		}
		// The core of whatever decodes decodes to an output with the same id.
		core, err := ledger.DecodeCore(ledger.EncodeCore(o))
		if err != nil {
			t.Fatalf("the core of a decoded output does not decode: %v", err)
		}
		if ledger.ID(core) != id {
			t.Fatal("the core of a decoded output has another id")
		}
		if c, ok := o.(*ledger.ConfidentialOutput); ok {
			if c.Payload == nil || ledger.ID(c.Core()) != id {
				t.Fatal("a decoded confidential output lacks its payload or its core has another id")
			}
		}
	})
}

// FuzzDecodeCore checks DecodeCore the same way: it never panics, fails
// only as malformed, accepts only canonical core encodings (decode→encode
// gives the same bytes), and what it accepts has an id and a commitment.
// A confidential output's core and transaction form are never both
// accepted for the same bytes.
func FuzzDecodeCore(f *testing.F) {
	fx := getFixture(f)
	for _, tx := range []*ledger.Tx{fx.conf, fx.other, fx.pub} {
		for _, o := range tx.Outputs {
			f.Add(ledger.EncodeCore(o))
		}
	}
	f.Add(ledger.EncodeCore(fx.stakeExample))
	f.Add(ledger.EncodeCore(fx.regExample))
	core := ledger.EncodeCore(fx.conf.Outputs[0])
	f.Add(setAt(core, 0, byte(ledger.TypeConfidential))) // the retired tag
	f.Add(core[:len(core)-1])
	f.Add(append(bytes.Clone(core), 0))
	f.Add(ledger.EncodeOutput(fx.conf.Outputs[0])) // a transaction form
	f.Add([]byte{byte(ledger.TagConfidential)})
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := ledger.DecodeCore(b)
		if err != nil {
			if ledger.KindOf(err) != ledger.KindMalformed {
				t.Fatalf("error of kind %s: %v", ledger.KindOf(err), err)
			}
			return
		}
		if o == nil {
			t.Fatal("nil output and nil error")
		}
		if !bytes.Equal(ledger.EncodeCore(o), b) {
			t.Fatal("decode→encode changed the bytes")
		}
		id := ledger.ID(o)
		if c, err := ledger.Commitment(o); (c == nil) == (err == nil) {
			t.Fatalf("Commitment: %v, %v", c, err)
		}
		full, err := ledger.DecodeOutput(b)
		if c, ok := o.(*ledger.ConfidentialOutput); ok {
			if c.Payload != nil {
				t.Fatal("a decoded core carries a payload")
			}
			if ledger.ID(c.Core()) != id {
				t.Fatal("Core() of a core has another id")
			}
			if err == nil {
				t.Fatalf("the same bytes decode as a core and as a transaction output (%s)", full.Type())
			}
		} else if err != nil || ledger.ID(full) != id {
			t.Fatalf("an output without payload decodes as a core but not as an output: %v", err)
		}
	})
}
