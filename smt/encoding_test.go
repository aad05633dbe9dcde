package smt

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
)

func TestProofEncodingRoundTrip(t *testing.T) {
	tr, m, r := proofTree(t, 20, 300)
	keys := m.sortedKeys()
	for i := 0; i < 300; i++ {
		k := keys[i%len(keys)]
		if i%2 == 1 {
			k = randKey(r, true)
		}
		p, err := tr.Prove(k)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := p.Encode()
		if err != nil {
			t.Fatal(err)
		}
		nonEmpty := 0
		for _, s := range p.Siblings {
			if s != EmptyRoot() {
				nonEmpty++
			}
		}
		if len(enc) != encodedSize(p.Kind, len(p.Siblings), nonEmpty) {
			t.Fatalf("encoding is %d bytes, want %d", len(enc), encodedSize(p.Kind, len(p.Siblings), nonEmpty))
		}
		got, err := DecodeProof(enc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("round trip changed the proof:\n got %+v\nwant %+v", got, p)
		}
	}
}

func TestProofEncodingLayout(t *testing.T) {
	// One proof of each kind written out byte by byte, the reference for an
	// implementation in another language.
	var s1, leafKey, leafVal [HashSize]byte
	s1[0], leafKey[31], leafVal[0] = 0x11, 0x22, 0x33
	e := EmptyRoot()
	tests := []struct {
		name string
		p    Proof
		hex  string
	}{
		{"member at the root", Proof{Kind: Member}, "00" + "0000"},
		{"absent-empty, depth 3, sibling 1 set", Proof{Kind: AbsentEmpty, Siblings: [][HashSize]byte{e, s1, e}},
			"01" + "0003" + "40" + hex.EncodeToString(s1[:])},
		{"absent-leaf, depth 9, last sibling set", Proof{Kind: AbsentLeaf, Leaf: Entry{Key: leafKey, Value: leafVal},
			Siblings: [][HashSize]byte{e, e, e, e, e, e, e, e, s1}},
			"02" + hex.EncodeToString(leafKey[:]) + hex.EncodeToString(leafVal[:]) + "0009" + "0080" + hex.EncodeToString(s1[:])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := tt.p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(enc); got != tt.hex {
				t.Fatalf("encoding\n got %s\nwant %s", got, tt.hex)
			}
		})
	}
}

func TestDecodeProofRejects(t *testing.T) {
	var s1 [HashSize]byte
	s1[0] = 1
	e := EmptyRoot()
	valid, _ := (&Proof{Kind: AbsentEmpty, Siblings: [][HashSize]byte{s1, e, s1}}).Encode()
	big := make([]byte, MaxProofSize+1)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"unknown kind", []byte{3, 0, 0}},
		{"truncated depth", []byte{0, 0}},
		{"truncated leaf", append([]byte{2}, make([]byte, 40)...)},
		{"depth over 256", []byte{1, 0x01, 0x01}},
		{"truncated bitmap", []byte{1, 0, 9, 0}},
		{"bitmap bit past depth", []byte{1, 0, 3, 0x10}},
		{"missing sibling", valid[:len(valid)-1]},
		{"trailing byte", append(append([]byte(nil), valid...), 0)},
		{"explicit empty sibling", append([]byte{1, 0, 1, 0x80}, e[:]...)},
		{"over the size cap", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeProof(tt.data); !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("err = %v, want ErrMalformedProof", err)
			}
		})
	}
}

func TestEncodeRejectsImpossibleProofs(t *testing.T) {
	tests := []struct {
		name string
		p    Proof
	}{
		{"unknown kind", Proof{Kind: 9}},
		{"too deep", Proof{Kind: Member, Siblings: make([][HashSize]byte, MaxDepth+1)}},
		{"leaf on a member proof", Proof{Kind: Member, Leaf: Entry{Key: [HashSize]byte{1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.p.Encode(); !errors.Is(err, ErrMalformedProof) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestMaxProofSizeIsReachable(t *testing.T) {
	p := Proof{Kind: AbsentLeaf, Siblings: make([][HashSize]byte, MaxDepth)}
	for i := range p.Siblings {
		p.Siblings[i][0] = 1
	}
	enc, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if len(enc) != MaxProofSize {
		t.Fatalf("largest proof encodes to %d bytes, MaxProofSize is %d", len(enc), MaxProofSize)
	}
	if _, err := DecodeProof(enc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc[:1], []byte{2}) {
		t.Fatal("kind byte")
	}
}
