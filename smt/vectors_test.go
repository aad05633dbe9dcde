package smt

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The vectors in testdata/vectors.json pin the root and the encoded proofs
// of a few small trees, for implementations of the verifier in other
// languages. Regenerate (after a deliberate format change only) with
//
//	go test ./smt -run TestVectors -update-vectors
var updateVectors = flag.Bool("update-vectors", false, "rewrite testdata/vectors.json")

type vectorFile struct {
	Comment   string       `json:"comment"`
	EmptyRoot string       `json:"empty_root"`
	Cases     []vectorCase `json:"cases"`
}

type vectorCase struct {
	Name    string        `json:"name"`
	Entries []vectorEntry `json:"entries"`
	Root    string        `json:"root"`
	Proofs  []vectorProof `json:"proofs"`
}

type vectorEntry struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type vectorProof struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"` // present keys only
	Kind  string `json:"kind"`
	Proof string `json:"proof"`
}

// vectorHash returns SHA-256(label ‖ i), a reproducible key or value.
func vectorHash(label string, i int) [HashSize]byte {
	return sha256.Sum256([]byte(fmt.Sprintf("stegos/v1/smt/vectors/%s/%d", label, i)))
}

// vectorCases returns the trees the vectors cover and the absent keys to
// prove in each.
func vectorCases() []struct {
	name    string
	entries []Entry
	absent  [][HashSize]byte
} {
	var zero, top, last [HashSize]byte
	top[0] = 0x80
	last[31] = 0x01
	var mixed []Entry
	for i := 0; i < 16; i++ {
		mixed = append(mixed, Entry{Key: vectorHash("key", i), Value: vectorHash("value", i)})
	}
	absent := [][HashSize]byte{vectorHash("absent", 0), vectorHash("absent", 1), vectorHash("absent", 2)}
	v := vectorHash("value", 99)
	var near [HashSize]byte // shares 254 bits with zero and last
	near[31] = 0x02
	return []struct {
		name    string
		entries []Entry
		absent  [][HashSize]byte
	}{
		{"empty tree", nil, absent[:1]},
		{"one leaf", []Entry{{Key: top, Value: v}}, append([][HashSize]byte{zero}, absent[:1]...)},
		{"two leaves split at bit 0", []Entry{{Key: zero, Value: v}, {Key: top, Value: v}}, absent[:2]},
		{"two leaves split at bit 255", []Entry{{Key: zero, Value: v}, {Key: last, Value: v}}, [][HashSize]byte{near, top}},
		{"sixteen hashed keys", mixed, absent},
	}
}

// buildVectors computes the vector file from the code.
func buildVectors(t *testing.T) vectorFile {
	er := EmptyRoot()
	vf := vectorFile{
		Comment:   "stegos smt test vectors: see docs/adr/0010-authenticated-state.md for the hashing and proof layouts; all byte strings hex",
		EmptyRoot: hex.EncodeToString(er[:]),
	}
	for _, c := range vectorCases() {
		tr, _ := newTestTree(t)
		if err := tr.Update(c.entries, nil); err != nil {
			t.Fatal(err)
		}
		root := tr.Root()
		vc := vectorCase{Name: c.name, Root: hex.EncodeToString(root[:]), Entries: []vectorEntry{}}
		var keys [][HashSize]byte
		for _, e := range c.entries {
			vc.Entries = append(vc.Entries, vectorEntry{hex.EncodeToString(e.Key[:]), hex.EncodeToString(e.Value[:])})
			keys = append(keys, e.Key)
		}
		for _, k := range append(keys, c.absent...) {
			p, err := tr.Prove(k)
			if err != nil {
				t.Fatal(err)
			}
			enc, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			vp := vectorProof{Key: hex.EncodeToString(k[:]), Kind: p.Kind.String(), Proof: hex.EncodeToString(enc)}
			if v, ok, _ := tr.Get(k); ok {
				vp.Value = hex.EncodeToString(v[:])
			}
			vc.Proofs = append(vc.Proofs, vp)
		}
		vf.Cases = append(vf.Cases, vc)
	}
	return vf
}

func TestVectors(t *testing.T) {
	file := filepath.Join("testdata", "vectors.json")
	want := buildVectors(t)
	if *updateVectors {
		data, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got vectorFile
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.EmptyRoot != want.EmptyRoot || len(got.Cases) != len(want.Cases) {
		t.Fatalf("%s is out of date with the code", file)
	}
	for i, c := range got.Cases {
		w := want.Cases[i]
		if c.Root != w.Root || len(c.Proofs) != len(w.Proofs) {
			t.Fatalf("%s: root %s, the code computes %s", c.Name, c.Root, w.Root)
		}
		root := unhex32(t, c.Root)
		for j, vp := range c.Proofs {
			if vp != w.Proofs[j] {
				t.Fatalf("%s: proof %d differs from the code's:\n file %+v\n code %+v", c.Name, j, vp, w.Proofs[j])
			}
			// Verify from the file alone, as a light client would.
			enc, _ := hex.DecodeString(vp.Proof)
			p, err := DecodeProof(enc)
			if err != nil {
				t.Fatal(err)
			}
			key := unhex32(t, vp.Key)
			if vp.Value != "" {
				err = VerifyProof(root, key, unhex32(t, vp.Value), p)
			} else {
				err = VerifyNonMembership(root, key, p)
			}
			if err != nil {
				t.Fatalf("%s: proof %d: %v", c.Name, j, err)
			}
		}
	}
}

// unhex32 decodes a 32-byte hex string.
func unhex32(t *testing.T, s string) [HashSize]byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != HashSize {
		t.Fatalf("bad hex %q", s)
	}
	return [HashSize]byte(b)
}
