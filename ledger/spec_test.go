package ledger_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/ledger"
)

// The protocol spec states the size limit the decoder enforces (it once
// said 11 826 while 11 875 was enforced).
func TestSpecStatesMaxTxSize(t *testing.T) {
	b, err := os.ReadFile("../docs/spec/ledger.md")
	if err != nil {
		t.Fatal(err)
	}
	s := strconv.Itoa(ledger.MaxTxSize)
	want := "`MaxTxSize` = " + s[:len(s)-3] + " " + s[len(s)-3:]
	if !strings.Contains(string(b), want) {
		t.Fatalf("docs/spec/ledger.md does not say %q", want)
	}
}
