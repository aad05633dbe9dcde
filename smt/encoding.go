package smt

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// MaxProofSize is the length of the largest encoded proof: kind, other leaf,
// depth, a full bitmap and 256 siblings.
const MaxProofSize = 1 + 2*HashSize + 2 + MaxDepth/8 + MaxDepth*HashSize

// Encode returns the canonical encoding of p:
//
//	kind       1 byte (0 member, 1 absent-empty, 2 absent-leaf)
//	leaf       32-byte key ‖ 32-byte value hash, absent-leaf only
//	depth      uint16 big-endian, 0..256 (the number of siblings)
//	bitmap     ceil(depth/8) bytes; bit i (most significant first) is 1 if
//	           sibling i is not empty; the bits past depth are 0
//	siblings   32 bytes for each 1 bit, root first
//
// Empty siblings are implied by the bitmap and never written, so each proof
// has exactly one encoding. Encode fails only for a proof no tree produces
// (unknown kind, more than 256 siblings, a leaf on a non-leaf kind).
func (p *Proof) Encode() ([]byte, error) {
	if err := checkEncodable(p); err != nil {
		return nil, err
	}
	depth := len(p.Siblings)
	out := make([]byte, 0, encodedSize(p.Kind, depth, depth))
	out = append(out, byte(p.Kind))
	if p.Kind == AbsentLeaf {
		out = append(out, p.Leaf.Key[:]...)
		out = append(out, p.Leaf.Value[:]...)
	}
	out = binary.BigEndian.AppendUint16(out, uint16(depth))
	bitmap := len(out)
	out = append(out, make([]byte, (depth+7)/8)...)
	for i := range p.Siblings {
		if p.Siblings[i] != emptyHash {
			out[bitmap+i/8] |= 0x80 >> uint(i%8)
			out = append(out, p.Siblings[i][:]...)
		}
	}
	return out, nil
}

// checkEncodable rejects proofs that have no encoding.
func checkEncodable(p *Proof) error {
	switch {
	case p.Kind > AbsentLeaf:
		return fmt.Errorf("%w: unknown kind %d", ErrMalformedProof, p.Kind)
	case len(p.Siblings) > MaxDepth:
		return fmt.Errorf("%w: %d siblings, at most %d", ErrMalformedProof, len(p.Siblings), MaxDepth)
	case p.Kind != AbsentLeaf && p.Leaf != (Entry{}):
		return fmt.Errorf("%w: a %s proof carries a leaf", ErrMalformedProof, p.Kind)
	}
	return nil
}

// encodedSize is the length of an encoding with the given kind, depth and
// number of non-empty siblings.
func encodedSize(k ProofKind, depth, nonEmpty int) int {
	n := 1 + 2 + (depth+7)/8 + nonEmpty*HashSize
	if k == AbsentLeaf {
		n += 2 * HashSize
	}
	return n
}

// DecodeProof parses the canonical encoding written by Encode. It checks the
// length against MaxProofSize and the exact size implied by the header before
// allocating, and rejects every non-canonical form: unknown kinds, depth over
// 256, set bitmap bits past the depth, an explicit empty sibling, trailing
// bytes. The error wraps ErrMalformedProof.
func DecodeProof(data []byte) (*Proof, error) {
	if len(data) > MaxProofSize {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrMalformedProof, len(data), MaxProofSize)
	}
	if len(data) < 1 {
		return nil, fmt.Errorf("%w: empty input", ErrMalformedProof)
	}
	p := &Proof{Kind: ProofKind(data[0])}
	if p.Kind > AbsentLeaf {
		return nil, fmt.Errorf("%w: unknown kind %d", ErrMalformedProof, data[0])
	}
	rest := data[1:]
	if p.Kind == AbsentLeaf {
		if len(rest) < 2*HashSize {
			return nil, fmt.Errorf("%w: truncated leaf", ErrMalformedProof)
		}
		copy(p.Leaf.Key[:], rest)
		copy(p.Leaf.Value[:], rest[HashSize:])
		rest = rest[2*HashSize:]
	}
	if len(rest) < 2 {
		return nil, fmt.Errorf("%w: truncated depth", ErrMalformedProof)
	}
	depth := int(binary.BigEndian.Uint16(rest))
	rest = rest[2:]
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w: depth %d, at most %d", ErrMalformedProof, depth, MaxDepth)
	}
	nb := (depth + 7) / 8
	if len(rest) < nb {
		return nil, fmt.Errorf("%w: truncated bitmap", ErrMalformedProof)
	}
	bitmap, rest := rest[:nb], rest[nb:]
	nonEmpty := 0
	for _, b := range bitmap {
		nonEmpty += bits.OnesCount8(b)
	}
	if depth%8 != 0 && bitmap[nb-1]&(0xff>>uint(depth%8)) != 0 {
		return nil, fmt.Errorf("%w: bitmap bits set past depth %d", ErrMalformedProof, depth)
	}
	if len(rest) != nonEmpty*HashSize {
		return nil, fmt.Errorf("%w: %d bytes of siblings, want %d", ErrMalformedProof, len(rest), nonEmpty*HashSize)
	}
	if depth > 0 {
		p.Siblings = make([][HashSize]byte, depth)
	}
	for i := range p.Siblings {
		if bitmap[i/8]&(0x80>>uint(i%8)) == 0 {
			p.Siblings[i] = emptyHash
			continue
		}
		copy(p.Siblings[i][:], rest)
		rest = rest[HashSize:]
		if p.Siblings[i] == emptyHash {
			return nil, fmt.Errorf("%w: sibling %d is the empty hash written out", ErrMalformedProof, i)
		}
	}
	return p, nil
}
