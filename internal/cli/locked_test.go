package cli

import (
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
)

// sealedCarol is an account locked since the node started: its record is
// encrypted on disk (ADR 0017), so the API knows its id and name only.
var sealedCarol = api.Account{ID: "ca201000000000003", Name: "carol", Locked: true}

// TestAddressOfSealedAccount: the address of an account whose records are
// still sealed is not printed as an empty line (which $(stegos address)
// would pass on): the command fails and says to unlock.
func TestAddressOfSealedAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, map[string]handlerFunc{
		api.MethodWalletAddress: fixed[api.AccountParams](api.AddressResult{Account: sealedCarol.ID}),
	})
	r := f.run(t, opts{}, "--account", "carol", "address")
	r.want(t, ExitError, "locked", "stegos --account carol account unlock")
	if strings.TrimSpace(r.stdout) != "" {
		t.Errorf("printed %q", r.stdout)
	}
	r = f.run(t, opts{}, "--account", "carol", "--json", "address")
	r.want(t, ExitError, `"code":-32011`, "account unlock")
	if strings.Contains(r.stdout, `"address"`) {
		t.Errorf("printed %q", r.stdout)
	}
}

// TestListSealedAccount: the account list marks what a sealed account
// does not show instead of printing block 0 and an empty address.
func TestListSealedAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, map[string]handlerFunc{
		api.MethodWalletListAccounts: fixed[struct{}]([]api.Account{alice, sealedCarol}),
	})
	r := f.run(t, opts{}, "account", "list")
	r.want(t, 0, "carol", "encrypted until unlocked", aliceAddr)
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "carol") && strings.Contains(line, " 0 ") {
			t.Errorf("carol's line shows block 0: %q", line)
		}
	}
}
