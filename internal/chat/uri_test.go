package chat

import (
	"errors"
	"strings"
	"testing"
)

const (
	addrA = "dev1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
	addrB = "dev1zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	view  = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func TestURIRoundTrip(t *testing.T) {
	t.Parallel()
	for _, u := range []URI{
		{Address: addrA},
		{Address: addrA, Name: "Alice Smith & co"},
		{Address: addrA, Name: "Алиса"},
		{Address: addrB, Channel: true, ViewKey: view, Owner: addrA},
		{Address: addrB, Channel: true, ViewKey: view, Owner: addrA, Name: "news"},
	} {
		s := u.String()
		if !strings.HasPrefix(s, URIScheme) || strings.Contains(s, "+") {
			t.Fatalf("URI %q", s)
		}
		got, err := ParseURI(s)
		if err != nil || got != u {
			t.Fatalf("ParseURI(%q) = %+v, %v; want %+v", s, got, err, u)
		}
	}
	// A bare address, the scheme in capitals, white space around.
	for _, s := range []string{addrA, "STEGOS:" + addrA, "  stegos:" + addrA + "\n", "stegos://" + addrA} {
		if got, err := ParseURI(s); err != nil || got != (URI{Address: addrA}) {
			t.Fatalf("ParseURI(%q) = %+v, %v", s, got, err)
		}
	}
}

func TestURIRejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"",
		"stegos:",
		"stegos:?name=x",
		"stegos:a/b",
		"stegos:" + addrA + "?name=a&name=b",
		"stegos:" + addrA + "?amount=5",
		"stegos:" + addrA + "?name=%zz",
		"stegos:" + addrA + "?name=" + strings.Repeat("n", MaxName+1),
		"stegos:" + addrA + "?name=a%0Ab",
		"stegos:" + addrA + "?chat=group",
		"stegos:" + addrA + "?view=" + view,
		"stegos:" + addrA + "?owner=" + addrB,
		"stegos:" + addrB + "?chat=channel&owner=" + addrA,
		"stegos:" + addrB + "?chat=channel&view=abcd&owner=" + addrA,
		"stegos:" + addrB + "?chat=channel&view=" + view,
	} {
		if u, err := ParseURI(s); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseURI(%q) = %+v, %v; want ErrMalformed", s, u, err)
		}
	}
}

func FuzzParseURI(f *testing.F) {
	f.Add("stegos:" + addrA + "?name=x")
	f.Add(URI{Address: addrB, Channel: true, ViewKey: view, Owner: addrA, Name: "n"}.String())
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURI(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseURI(%q) = %v", s, err)
			}
			return
		}
		again, err := ParseURI(u.String())
		if err != nil || again != u {
			t.Fatalf("%q parses to %+v, whose text %q parses to %+v, %v", s, u, u.String(), again, err)
		}
	})
}
