package smt

import "fmt"

// VerifyProof checks that proof shows key present with valueHash in the tree
// whose root is root. It needs no storage. The error wraps ErrInvalidProof.
func VerifyProof(root, key, valueHash [HashSize]byte, proof *Proof) error {
	if err := checkShape(proof); err != nil {
		return err
	}
	if proof.Kind != Member {
		return fmt.Errorf("%w: a %s proof cannot show membership", ErrInvalidProof, proof.Kind)
	}
	return checkRoot(root, &key, leafHash(&key, &valueHash), proof.Siblings)
}

// VerifyNonMembership checks that proof shows key absent from the tree whose
// root is root. It needs no storage. The error wraps ErrInvalidProof.
func VerifyNonMembership(root, key [HashSize]byte, proof *Proof) error {
	if err := checkShape(proof); err != nil {
		return err
	}
	var end [HashSize]byte
	switch proof.Kind {
	case AbsentEmpty:
		end = emptyHash
	case AbsentLeaf:
		other := proof.Leaf.Key
		if other == key {
			return fmt.Errorf("%w: the leaf at the end of the path holds the key itself", ErrInvalidProof)
		}
		if prefixLen(&other, &key) < len(proof.Siblings) {
			return fmt.Errorf("%w: leaf %x does not lie on the key's path", ErrInvalidProof, other)
		}
		end = leafHash(&other, &proof.Leaf.Value)
	default:
		return fmt.Errorf("%w: a %s proof cannot show absence", ErrInvalidProof, proof.Kind)
	}
	return checkRoot(root, &key, end, proof.Siblings)
}

// checkShape rejects a nil proof and one deeper than the tree.
func checkShape(proof *Proof) error {
	if proof == nil {
		return fmt.Errorf("%w: nil proof", ErrInvalidProof)
	}
	if len(proof.Siblings) > MaxDepth {
		return fmt.Errorf("%w: %d siblings, at most %d", ErrInvalidProof, len(proof.Siblings), MaxDepth)
	}
	return nil
}

// checkRoot hashes from end, the node where key's path stops, up through
// siblings and compares the result with root.
func checkRoot(root [HashSize]byte, key *[HashSize]byte, end [HashSize]byte, siblings [][HashSize]byte) error {
	h := end
	for i := len(siblings) - 1; i >= 0; i-- {
		if bit(key, i) == 0 {
			h = nodeHash(&h, &siblings[i])
		} else {
			h = nodeHash(&siblings[i], &h)
		}
	}
	if h != root {
		return fmt.Errorf("%w: path hashes to %x, root is %x", ErrInvalidProof, h, root)
	}
	return nil
}
