package ledger_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
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

// spaced writes n with a space between thousands, as the spec does.
func spaced(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// The spec states the sizes of ADR 0020's outputs, the 2-in/2-out payment
// and the retention windows as the code has them.
func TestSpecStatesSizes(t *testing.T) {
	b, err := os.ReadFile("../docs/spec/ledger.md")
	if err != nil {
		t.Fatal(err)
	}
	spec := string(b)
	f := getFixture(t)
	full := len(ledger.EncodeOutput(f.conf.Outputs[0]))
	core := len(ledger.EncodeCore(f.conf.Outputs[0]))
	p := mustParams(t, params.Dev)
	want := []string{
		"| `0x07` | confidential | `commitment bytes32 ‖ encrypted_amount [8] ‖ payload [512]` | " + spaced(int64(full)) + " B |",
		"(" + spaced(int64(core)) + " bytes)",
		"the core: " + spaced(int64(12+core)) + " bytes for a confidential output",
		"2-in/2-out payment is " + spaced(int64(len(f.confEnc))) + " bytes and its minimum fee is\n" + spaced(int64(p.MinFee(2, len(f.confEnc)))) + " µSTG",
		spaced(int64(txbuilder.Size(ledger.MaxInputs, ledger.MaxOutputs))) + " without the operation",
		"`4 + 32·i + 2 + " + strconv.Itoa(full) + "·m + 74·p",
	}
	for _, n := range []params.Network{params.Mainnet, params.Testnet, params.Dev} {
		want = append(want, "| "+n.String()+" | "+spaced(mustParams(t, n).PayloadRetention)+" blocks")
	}
	for _, w := range want {
		if !strings.Contains(spec, w) {
			t.Errorf("docs/spec/ledger.md does not say %q", w)
		}
	}
}
