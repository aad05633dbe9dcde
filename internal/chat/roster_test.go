package chat

import (
	"testing"

	"github.com/stegos-go/stegos/crypto/stealth"
)

// TestSameOwner: an admin's roster or rekey may not replace the owner.
func TestSameOwner(t *testing.T) {
	t.Parallel()
	_, ms := roster(t, 3) // owner, admin, member
	net := stealth.Mainnet
	cur := &groupRecord{}
	cur.setMembers(ms, net, "")
	swapped := append([]Member(nil), ms...)
	swapped[0].Role, swapped[1].Role = RoleAdmin, RoleOwner
	dropped := append([]Member(nil), ms[1:]...)
	dropped[0].Role = RoleOwner
	grown := append(append([]Member(nil), ms...), Member{Address: newTestKey(t).addr})
	for _, tt := range []struct {
		name string
		ms   []Member
		want bool
	}{
		{"the same roster", ms, true},
		{"a member added", grown, true},
		{"a member removed", ms[:2], true},
		{"owner and admin swapped", swapped, false},
		{"the owner dropped", dropped, false},
	} {
		next := &groupRecord{}
		next.setMembers(tt.ms, net, "")
		if got := cur.sameOwner(next); got != tt.want {
			t.Errorf("%s: sameOwner = %v", tt.name, got)
		}
	}
}
