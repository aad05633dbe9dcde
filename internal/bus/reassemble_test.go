package bus

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/stegos-go/stegos/ledger"
)

// outputsOf returns the data outputs carrying enc's fragments, one
// transaction per group of MaxFragmentsPerTx, group g at height base+g.
func outputsOf(id PacketID, enc []byte, base int64) []DataOutput {
	var outs []DataOutput
	for i, f := range Split(id, enc) {
		g := i / MaxFragmentsPerTx
		outs = append(outs, DataOutput{
			ID: ledger.OutputID{byte(i), byte(i >> 8), 1}, TxID: ledger.TxID{byte(g), 2},
			Index: uint32(i % MaxFragmentsPerTx), Height: base + int64(g), Data: f.Encode(),
		})
	}
	return outs
}

// assemble groups outs and opens the one packet they hold.
func assemble(t *testing.T, outs []DataOutput, to testKey) (*assembly, *Envelope, error) {
	t.Helper()
	asm, _ := group(outs)
	if len(asm) != 1 {
		t.Fatalf("%d packets, want 1", len(asm))
	}
	for _, a := range asm {
		if !a.complete() {
			return a, nil, nil
		}
		e, err := a.open(to.addr, testVerify)
		return a, e, err
	}
	panic("unreachable")
}

func TestReassemble(t *testing.T) {
	alice, bob := newTestKey(t), newTestKey(t)
	id := randomID(t)
	data := randomBytes(t, 10<<10)
	enc := seal(t, id, bob.addr, Envelope{App: "ping", Seq: 4, Data: data}, &alice)
	outs := outputsOf(id, enc, 10)
	n := len(outs)

	shuffled := append([]DataOutput(nil), outs...)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	duplicated := append(append([]DataOutput(nil), outs...), outs[:5]...)
	missing := append(append([]DataOutput(nil), outs[:3]...), outs[4:]...)

	for _, tt := range []struct {
		name     string
		outs     []DataOutput
		complete bool
	}{
		{"in order", outs, true},
		{"out of order", shuffled, true},
		{"duplicated", duplicated, true},
		{"missing fragment", missing, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, e, err := assemble(t, tt.outs, bob)
			if err != nil {
				t.Fatal(err)
			}
			p := a.packet("bob", e)
			if p.Complete != tt.complete || p.Count != n {
				t.Fatalf("complete %v, %d/%d fragments", p.Complete, p.Received, p.Count)
			}
			if !tt.complete {
				if p.Received != n-1 || p.App != "ping" || p.Data != nil || p.From != nil {
					t.Fatalf("incomplete report %+v", p)
				}
				return
			}
			if !bytes.Equal(p.Data, data) || p.App != "ping" || p.Seq != 4 || p.From == nil || !p.From.Equal(alice.addr) {
				t.Fatalf("packet %q #%d from %v, %d bytes", p.App, p.Seq, p.From, len(p.Data))
			}
			if p.FirstHeight != 10 || p.Height != 11 || len(p.TxIDs) != 2 {
				t.Fatalf("heights %d..%d, %d txs", p.FirstHeight, p.Height, len(p.TxIDs))
			}
		})
	}
}

// TestReassembleRejects: a packet that fails a check never opens.
func TestReassembleRejects(t *testing.T) {
	alice, bob, mallory := newTestKey(t), newTestKey(t), newTestKey(t)
	id := randomID(t)
	e := Envelope{App: "ping", Seq: 1, Data: randomBytes(t, 2000)}

	tampered := outputsOf(id, seal(t, id, bob.addr, e, nil), 1)
	tampered[2].Data = bytes.Clone(tampered[2].Data)
	tampered[2].Data[FragmentHeader+10] ^= 1

	// Mallory signs and names Alice as the sender.
	forgedEnc := func() []byte {
		f := e
		f.From = &alice.addr
		prefix, _ := f.Prefix()
		f.Sig = mallory.signData(SignatureTag, SigningMessage(id, bob.addr, prefix))
		enc, err := f.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return enc
	}()
	// Alice's packet to Mallory, replayed by Mallory to Bob.
	replayed := seal(t, id, mallory.addr, e, &alice)

	conflicting := outputsOf(id, seal(t, id, bob.addr, e, nil), 1)
	other := outputsOf(id, seal(t, id, bob.addr, Envelope{App: "ping", Seq: 2, Data: randomBytes(t, 2000)}, nil), 1)
	conflicting = append(conflicting, other[1])

	recount := outputsOf(id, seal(t, id, bob.addr, e, nil), 1)
	f, _ := DecodeFragment(recount[0].Data)
	f.Count++
	recount[0].Data = f.Encode()

	for _, tt := range []struct {
		name string
		outs []DataOutput
		want error
	}{
		{"tampered body", tampered, ErrBadDigest},
		{"forged sender", outputsOf(id, forgedEnc, 1), ErrBadSignature},
		{"replayed to another recipient", outputsOf(id, replayed, 1), ErrBadSignature},
		{"two fragments of one index", conflicting, ErrFragment},
		{"counts disagree", recount, ErrFragment},
	} {
		t.Run(tt.name, func(t *testing.T) {
			asm, _ := group(tt.outs)
			a := asm[id]
			_, err := a.open(bob.addr, testVerify)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestGroupSkipsNonFragments: data that is not a fragment is counted and
// ignored.
func TestGroupSkipsNonFragments(t *testing.T) {
	bob := newTestKey(t)
	id := randomID(t)
	outs := outputsOf(id, seal(t, id, bob.addr, Envelope{App: "a", Data: []byte("x")}, nil), 1)
	outs = append(outs, DataOutput{Data: []byte("not a fragment")}, DataOutput{Data: nil})
	asm, skipped := group(outs)
	if len(asm) != 1 || skipped != 2 || !asm[id].complete() {
		t.Fatalf("%d packets, %d skipped", len(asm), skipped)
	}
}

func TestSortPackets(t *testing.T) {
	ps := []Packet{{Height: 5, Seq: 2}, {Height: 5, Seq: 1}, {Height: 3, Seq: 9}}
	sortPackets(ps)
	if ps[0].Height != 3 || ps[1].Seq != 1 || ps[2].Seq != 2 {
		t.Fatalf("order %+v", ps)
	}
}
