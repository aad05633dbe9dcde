package state

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/smt"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// output returns a confidential-shaped output committing to amount with
// blinding r, without a payload (as a core; see withPayloads).
func output(t *testing.T, amount uint64) (ledger.Output, *ristretto255.Scalar) {
	t.Helper()
	r, err := pedersen.RandomBlinding(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	o := &ledger.ConfidentialOutput{}
	k1, _ := pedersen.RandomBlinding(rand.Reader)
	k2, _ := pedersen.RandomBlinding(rand.Reader)
	copy(o.OneTimeKey[:], ristretto255.NewIdentityElement().ScalarBaseMult(k1).Bytes())
	copy(o.TxKey[:], ristretto255.NewIdentityElement().ScalarBaseMult(k2).Bytes())
	copy(o.Commitment[:], pedersen.Commit(amount, r).Bytes())
	return o, r
}

func genesisState(t *testing.T, dir string, n int) (*State, []ledger.Output) {
	t.Helper()
	return genesisStateOf(t, dir, n, false)
}

// genesisStateOf is genesisState whose outputs carry random payloads if
// withPayloads (their content is irrelevant to the state; that they are
// kept for the window and match their cores is not).
func genesisStateOf(t *testing.T, dir string, n int, withPayloads bool) (*State, []ledger.Output) {
	t.Helper()
	s, err := Open(dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	var outs []ledger.Output
	gamma := ristretto255.NewScalar()
	for i := 0; i < n; i++ {
		o, r := output(t, 100)
		if withPayloads {
			co := o.(*ledger.ConfidentialOutput)
			co.Payload = new([ledger.PayloadSize]byte)
			rand.Read(co.Payload[:])
		}
		outs = append(outs, o)
		gamma.Add(gamma, r)
	}
	var g [32]byte
	copy(g[:], gamma.Bytes())
	b, err := s.Genesis(outs, uint64(100*n), g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	return s, outs
}

func TestGenesisAndAudit(t *testing.T) {
	dir := t.TempDir()
	s, outs := genesisState(t, dir, 5)
	rep, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Outputs != 5 || rep.Supply != 500 || rep.Height != 0 {
		t.Fatalf("report %+v", rep)
	}
	// Membership proof of a UTXO verifies against the committed root.
	id := ledger.ID(outs[2])
	proof, err := s.Prove(id)
	if err != nil {
		t.Fatal(err)
	}
	u, ok, err := s.Output(id)
	if err != nil || !ok {
		t.Fatalf("output missing: %v", err)
	}
	if err := smt.VerifyProof(s.Meta().TreeRoot, id, leafValue(u.encode()), proof); err != nil {
		t.Fatalf("membership proof: %v", err)
	}
	s.Close()

	// Reopened, the state is the same.
	s2, err := Open(dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Audit(); err != nil {
		t.Fatal(err)
	}
	if s2.Meta().Supply != 500 {
		t.Fatal("supply lost on reopen")
	}
}

func TestGenesisRejectsWrongSupply(t *testing.T) {
	s, err := Open(t.TempDir(), discard())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, r := output(t, 100)
	var g [32]byte
	copy(g[:], r.Bytes())
	b, err := s.Genesis([]ledger.Output{o}, 101, g)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Discard()
	var se *SupplyError
	if _, err := b.Finish(); !errors.As(err, &se) {
		t.Fatalf("err = %v, want a SupplyError", err)
	}
}

func TestAuditDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, s *State, outs []ledger.Output)
	}{
		{"utxo record deleted", func(t *testing.T, s *State, outs []ledger.Output) {
			b := s.db.NewBatch()
			id := ledger.ID(outs[0])
			if err := b.Delete(utxoKey(id)); err != nil {
				t.Fatal(err)
			}
			if err := b.Commit(true); err != nil {
				t.Fatal(err)
			}
		}},
		{"utxo record changed", func(t *testing.T, s *State, outs []ledger.Output) {
			o, _ := output(t, 1_000_000)
			u := &UTXO{ID: ledger.ID(outs[1]), Output: o}
			b := s.db.NewBatch()
			if err := b.Set(utxoKey(u.ID), u.encode()); err != nil {
				t.Fatal(err)
			}
			if err := b.Commit(true); err != nil {
				t.Fatal(err)
			}
		}},
		{"output minted outside the rules", func(t *testing.T, s *State, outs []ledger.Output) {
			o, _ := output(t, 5)
			u := &UTXO{ID: ledger.ID(o), Output: o}
			b := s.db.NewBatch()
			if err := b.Set(utxoKey(u.ID), u.encode()); err != nil {
				t.Fatal(err)
			}
			if err := b.Commit(true); err != nil {
				t.Fatal(err)
			}
		}},
	}
	setPayload := func(t *testing.T, s *State, key, v []byte) {
		t.Helper()
		b := s.db.NewBatch()
		if err := b.Set(key, v); err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(true); err != nil {
			t.Fatal(err)
		}
	}
	tests = append(tests, []struct {
		name   string
		tamper func(t *testing.T, s *State, outs []ledger.Output)
	}{
		{"payload altered", func(t *testing.T, s *State, outs []ledger.Output) {
			p := *outs[0].(*ledger.ConfidentialOutput).Payload
			p[7] ^= 1
			setPayload(t, s, payloadKey(0, ledger.ID(outs[0])), p[:])
		}},
		{"payload truncated", func(t *testing.T, s *State, outs []ledger.Output) {
			setPayload(t, s, payloadKey(0, ledger.ID(outs[0])), outs[0].(*ledger.ConfidentialOutput).Payload[:100])
		}},
		{"payload kept under another block", func(t *testing.T, s *State, outs []ledger.Output) {
			setPayload(t, s, payloadKey(3, ledger.ID(outs[1])), outs[1].(*ledger.ConfidentialOutput).Payload[:])
		}},
		{"payload key malformed", func(t *testing.T, s *State, outs []ledger.Output) {
			setPayload(t, s, append(payloadKey(0, ledger.ID(outs[1])), 0), outs[1].(*ledger.ConfidentialOutput).Payload[:])
		}},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, outs := genesisStateOf(t, t.TempDir(), 3, true)
			defer s.Close()
			if rep, err := s.Audit(); err != nil || rep.Payloads != 3 {
				t.Fatalf("audit before tampering: %+v, %v", rep, err)
			}
			tt.tamper(t, s, outs)
			if _, err := s.Audit(); err == nil {
				t.Fatal("audit passed on a tampered state")
			}
		})
	}
}

func TestCorruptMetaIsAClearError(t *testing.T) {
	dir := t.TempDir()
	s, _ := genesisState(t, dir, 1)
	b := s.db.NewBatch()
	if err := b.Set(keyMeta, []byte("garbage")); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(true); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, discard()); err == nil {
		t.Fatal("opened a state with corrupt metadata")
	}
}

func TestBlockHeightsMustFollow(t *testing.T) {
	s, outs := genesisState(t, t.TempDir(), 1)
	defer s.Close()
	if _, err := s.NewBlock(2); err == nil {
		t.Fatal("block 2 staged on top of genesis")
	}
	b, err := s.NewBlock(1)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Discard()
	if err := b.Spend(ledger.ID(outs[0])); err != nil {
		t.Fatal(err)
	}
	if err := b.Spend(ledger.ID(outs[0])); err == nil {
		t.Fatal("spent the same output twice in one block")
	}
	if err := b.Add(&UTXO{ID: ledger.ID(outs[0]), Output: outs[0]}); err == nil {
		t.Fatal("re-created an output spent in the same block")
	}
}

// An output id exists at most once in the chain's life: created, spent and
// created again — in one block or in a later one — is refused, and the tree
// and the records agree after a block that creates and spends an output
// (the audit recomputes the root from the records).
func TestSpentIDsNeverReturn(t *testing.T) {
	dir := t.TempDir()
	s, outs := genesisState(t, dir, 1)
	x, _ := output(t, 100)
	xid := ledger.ID(x)
	b, err := s.NewBlock(1)
	if err != nil {
		t.Fatal(err)
	}
	// Spend the genesis output into x, then x into a y: the supply holds.
	if err := b.Spend(ledger.ID(outs[0])); err != nil {
		t.Fatal(err)
	}
	if err := b.add(&UTXO{ID: xid, Output: x, Height: 1}, mustCommitment(t, x)); err != nil {
		t.Fatal(err)
	}
	if err := b.Spend(xid); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(&UTXO{ID: xid, Output: x, Height: 1, Index: 2}); err == nil {
		t.Fatal("re-created in the same block an output spent in it")
	}
	// Balance the commitment sum again: y takes the genesis output's place.
	if err := b.add(&UTXO{ID: ledger.ID(outs[0]), Output: outs[0], Height: 1}, mustCommitment(t, outs[0])); err == nil {
		t.Fatal("re-created a spent genesis output")
	}
	b.Discard()

	// A block that creates and spends x: committed, audited, x is spent for good.
	b, err = s.NewBlock(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(&UTXO{ID: xid, Output: x, Height: 1}); err != nil {
		t.Fatal(err)
	}
	if err := b.Spend(xid); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Audit()
	if err != nil {
		t.Fatalf("audit after a block that created and spent an output: %v", err)
	}
	if rep.Spent != 1 || rep.Outputs != 1 {
		t.Fatalf("audit report %+v: want 1 output and 1 spent id", rep)
	}
	if spent, h, err := s.Spent(xid); err != nil || !spent || h != 1 {
		t.Fatalf("Spent(x) = %v, %d, %v; want spent in block 1", spent, h, err)
	}
	b, err = s.NewBlock(2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Discard()
	if err := b.Add(&UTXO{ID: xid, Output: x, Height: 2}); err == nil {
		t.Fatal("re-created in a later block an output spent earlier")
	}
	// The tree proves x spent: its leaf is the spent marker.
	proof, err := s.Prove(xid)
	if err != nil {
		t.Fatal(err)
	}
	if err := smt.VerifyProof(s.Meta().TreeRoot, xid, spentLeaf, proof); err != nil {
		t.Fatalf("no proof that x was spent: %v", err)
	}
}

// A store written before spent ids were kept is refused with a clear error.
func TestOpenRefusesOldFormat(t *testing.T) {
	dir := t.TempDir()
	s, _ := genesisState(t, dir, 1)
	batch := s.db.NewBatch()
	if err := batch.Delete(keyFormat); err != nil {
		t.Fatal(err)
	}
	if err := batch.Commit(true); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, discard()); !errors.Is(err, ErrOldFormat) {
		t.Fatalf("Open of an old store: %v, want ErrOldFormat", err)
	}
}

func mustCommitment(t *testing.T, o ledger.Output) *pedersen.Commitment {
	t.Helper()
	c, err := ledger.Commitment(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
