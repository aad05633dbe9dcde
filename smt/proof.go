package smt

// ProofKind says what a Proof shows about its key.
type ProofKind uint8

// Proof kinds. The values are the first byte of an encoded proof.
const (
	// Member: the key's path ends at the key's own leaf.
	Member ProofKind = 0
	// AbsentEmpty: the key's path ends at an empty subtree.
	AbsentEmpty ProofKind = 1
	// AbsentLeaf: the key's path ends at the leaf of another key that
	// shares the path's prefix, so no other leaf can sit there.
	AbsentLeaf ProofKind = 2
)

// String returns the kind's name.
func (k ProofKind) String() string {
	switch k {
	case Member:
		return "member"
	case AbsentEmpty:
		return "absent-empty"
	case AbsentLeaf:
		return "absent-leaf"
	}
	return "unknown"
}

// Proof is a Merkle path from the root down a key's path to the node where
// the path ends. Siblings[i] is the hash of the sibling at depth i+1, root
// first; an empty sibling is EmptyRoot(). len(Siblings) is the depth of the
// node the path ends at, at most MaxDepth.
type Proof struct {
	Kind ProofKind
	// Leaf is the other key's leaf for AbsentLeaf, and zero otherwise.
	Leaf     Entry
	Siblings [][HashSize]byte
}

// Prove returns a proof for key: a Member proof if key is present, an
// AbsentEmpty or AbsentLeaf proof if it is not. Check it with VerifyProof or
// VerifyNonMembership.
func (t *Tree) Prove(key [HashSize]byte) (*Proof, error) {
	pr := &Proof{}
	n, err := t.walk(&key, &pr.Siblings)
	if err != nil {
		return nil, err
	}
	switch {
	case n.kind == kindEmpty:
		pr.Kind = AbsentEmpty
	case n.a == key:
		pr.Kind = Member
	default:
		pr.Kind = AbsentLeaf
		pr.Leaf = Entry{Key: n.a, Value: n.b}
	}
	return pr, nil
}
