package devproc

import (
	"net"
	"testing"
)

func TestRedact(t *testing.T) {
	n := &Node{Token: "s3cret"}
	for _, tc := range []struct{ in, want string }{
		{"no token here", "no token here"},
		{"Bearer s3cret and s3cret", "Bearer <token> and <token>"},
	} {
		if got := n.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var none *Node
	if got := none.Redact("x"); got != "x" {
		t.Errorf("nil node: %q", got)
	}
}

func TestFreeAddrsAreDistinctLoopback(t *testing.T) {
	addrs := FreeAddrs(t, 3)
	seen := map[string]bool{}
	for _, a := range addrs {
		host, _, err := net.SplitHostPort(a)
		if err != nil || !net.ParseIP(host).IsLoopback() || seen[a] {
			t.Fatalf("addresses %v", addrs)
		}
		seen[a] = true
	}
}
