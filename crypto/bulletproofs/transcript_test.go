package bulletproofs

import (
	"bytes"
	"testing"

	gtankmerlin "github.com/gtank/merlin"
)

// TestTranscriptMatchesGtankMerlin drives our transcript (voi's Merlin)
// and github.com/gtank/merlin with the same statement and messages: the
// challenges must agree, so the transcript is plain Merlin v1.0.
func TestTranscriptMatchesGtankMerlin(t *testing.T) {
	vs := [][]byte{bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)}
	ctx := []byte("chain-id")
	ours := newTranscript(vs, ctx)

	ref := gtankmerlin.NewTranscript(TranscriptLabel)
	le64 := func(v uint64) []byte {
		b := make([]byte, 8)
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		return b
	}
	ref.AppendMessage([]byte("n"), le64(64))
	ref.AppendMessage([]byte("m"), le64(2))
	for _, v := range vs {
		ref.AppendMessage([]byte("V"), v)
	}
	ref.AppendMessage([]byte("context"), ctx)

	var pt point
	pt.set(getGenerators().gVec[5])
	if err := ours.appendPoint("A", &pt); err != nil {
		t.Fatal(err)
	}
	ref.AppendMessage([]byte("A"), pt.enc[:])
	s := scalarFromUint64(99)
	ours.appendScalar("t_x", &s)
	ref.AppendMessage([]byte("t_x"), s.Bytes())

	got := ours.challenge("y")
	var want [64]byte
	copy(want[:], ref.ExtractBytes([]byte("y"), 64))
	var wantS = scalarFromUint64(0)
	if _, err := wantS.SetUniformBytes(want[:]); err != nil {
		t.Fatal(err)
	}
	if got.Equal(&wantS) != 1 {
		t.Fatal("challenge differs from gtank/merlin's")
	}
}
