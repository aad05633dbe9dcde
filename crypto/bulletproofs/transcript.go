package bulletproofs

import (
	"encoding/binary"
	"fmt"

	"filippo.io/edwards25519"
	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/primitives/merlin"
)

// TranscriptLabel is the Merlin application label (the first "dom-sep"
// message) of every range-proof transcript.
const TranscriptLabel = "stegos/v1/bulletproofs/range"

// transcript is a Merlin transcript with the Bulletproofs message layout.
// Labels after the statement follow dalek's bulletproofs crate.
type transcript struct {
	m *merlin.Transcript
}

// newTranscript starts a transcript bound to the statement: n, the number
// of commitments m (before padding), each commitment V_j in order, then the
// caller's context.
func newTranscript(vs [][]byte, context []byte) *transcript {
	t := &transcript{m: merlin.NewTranscript(TranscriptLabel)}
	t.appendU64("n", BitSize)
	t.appendU64("m", uint64(len(vs)))
	for _, v := range vs {
		t.m.AppendMessage("V", v)
	}
	t.m.AppendMessage("context", context)
	return t
}

func (t *transcript) appendU64(label string, v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	t.m.AppendMessage(label, b[:])
}

func (t *transcript) appendScalar(label string, s *edwards25519.Scalar) {
	t.m.AppendMessage(label, s.Bytes())
}

// appendPoint absorbs a proof point, rejecting the identity as dalek does:
// an identity A, S, T, L or R is never produced by an honest prover.
func (t *transcript) appendPoint(label string, p *point) error {
	var id curve.CompressedRistretto
	if p.enc == id {
		return fmt.Errorf("%w: %s is the identity", ErrInvalidProof, label)
	}
	t.m.AppendMessage(label, p.enc[:])
	return nil
}

// challenge extracts 64 bytes and reduces them modulo ℓ.
func (t *transcript) challenge(label string) edwards25519.Scalar {
	var buf [64]byte
	t.m.ExtractBytes(buf[:], label)
	var s edwards25519.Scalar
	if _, err := s.SetUniformBytes(buf[:]); err != nil {
		panic("bulletproofs: SetUniformBytes rejected 64 bytes")
	}
	return s
}
