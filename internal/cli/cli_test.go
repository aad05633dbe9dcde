package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
)

func TestHumanOutput(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"balance"}, []string{"Available  12.5 STG", "Pending    1 STG", "Locked     0.25 STG", "block 42"}},
		{[]string{"account", "list"}, []string{
			"   NAME   ID                STATE              SCANNED  ADDRESS",
			"*  alice  " + aliceID + "  unlocked           42       " + aliceAddr,
			"   bob    b0b0000000000002  locked, view-only  40       " + bobAddr,
		}},
		{[]string{"history"}, []string{
			"TIME                 DIR  AMOUNT  FEE    STATUS     CONF  MEMO",
			"2026-03-01 13:00:00  out  -2      0.001  pending    -     rent\uFFFD[31m!  " + txID,
			"2026-03-01 12:00:00  in   +14.5   -      confirmed  3     salary",
		}},
		{[]string{"address"}, []string{aliceAddr + "\n"}},
		{[]string{"status"}, []string{"Network       dev (chain stegos-dev)", "Height        42", "Supply        1000000 STG",
			"Account       " + aliceID + ": synced at block 42"}},
		{[]string{"tx", txID}, []string{"Transaction    " + txID, "Block          43, position 0, at 2026-03-01 12:00:00",
			"Fee            0.001 STG", "INPUT\nin1\n", "out1    confidential  hidden", "out2    public        5 STG"}},
		{[]string{"block"}, []string{"Block         43", "Proposer      val0", "TXID", txID + "  0.001 STG  1"}},
		{[]string{"block", "43"}, []string{"Hash          cafe"}},
		{[]string{"proof", "create", txID}, []string{"Payment of 2 STG to " + bobAddr, `output 0, memo "rent"`, "Proof:\nstgproof1qqq\n"}},
		{[]string{"proof", "verify", "stgproof1qqq"}, []string{"Valid: 2 STG went to " + bobAddr, "confirmed in block 43 (1 confirmation)"}},
		{[]string{"account", "lock"}, []string{"Locked account alice (id " + aliceID + ")."}},
		{[]string{"wait-sync"}, []string{"The first account is synced at block 42."}},
		{[]string{"pay", bobAddr, "1.5", "--memo", "lunch"}, []string{"Sent 1.5 STG to " + bobAddr + " (fee 0.001 STG).", "Transaction " + txID + " is pending."}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := f.run(t, opts{}, tt.args...)
			r.want(t, ExitOK, tt.want...)
			if strings.Contains(r.stdout, "\x1b") || strings.Contains(r.stderr, "\x1b") {
				t.Errorf("output holds an escape sequence: %q", r.stdout)
			}
		})
	}
	if got := f.params(api.MethodWalletSend); len(got) != 1 || got[0] != `{"to":"`+bobAddr+`","amount":1500000,"memo":"lunch"}` {
		t.Errorf("wallet.send params = %v", got)
	}
	if got := f.params(api.MethodChainBlock); len(got) != 2 || got[0] != `{}` || got[1] != `{"height":43}` {
		t.Errorf("chain.block params = %v", got)
	}
}

func TestJSONOutput(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	tests := []struct {
		args []string
		want any
	}{
		{[]string{"balance"}, &fixedBalance},
		{[]string{"account", "list"}, &[]api.Account{alice, bob}},
		{[]string{"history"}, &fixedHistory},
		{[]string{"address"}, &api.AddressResult{Account: aliceID, Address: aliceAddr}},
		{[]string{"status"}, &statusResult{Node: &fixedNode, Sync: &fixedSync}},
		{[]string{"tx", txID}, &fixedTx},
		{[]string{"block", "43"}, &fixedBlock},
		{[]string{"proof", "create", txID}, &fixedProof},
		{[]string{"proof", "verify", "stgproof1qqq"}, &fixedCheck},
		{[]string{"account", "unlock"}, &alice},
		{[]string{"account", "passwd"}, &ok{true}},
		{[]string{"wait-sync"}, &fixedSync},
		{[]string{"pay", bobAddr, "2", "--fee", "0.002"}, &api.SendResult{TxID: txID, Amount: 2_000_000, Fee: 2000, Status: api.StatusPending}},
	}
	env := map[string]string{EnvPassword: "pw", EnvNewPassword: "pw2"}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := f.run(t, opts{env: env}, append([]string{"--json"}, tt.args...)...)
			r.want(t, ExitOK)
			got := reflect.New(reflect.TypeOf(tt.want).Elem()).Interface()
			dec := json.NewDecoder(strings.NewReader(r.stdout))
			dec.DisallowUnknownFields()
			if err := dec.Decode(got); err != nil {
				t.Fatalf("stdout is not the API result: %v\n%s", err, r.stdout)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestJSONNotSanitized(t *testing.T) {
	t.Parallel()
	// --json passes API text through as is (JSON escapes it), so a script
	// sees the memo the sender wrote.
	f := newFixture(t, nil)
	r := f.run(t, opts{}, "history", "--json")
	r.want(t, ExitOK, `"memo": "rent\u001b[31m!"`)
}

func TestFlagsAndEnv(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)

	f.run(t, opts{}, "balance").want(t, ExitOK)
	f.run(t, opts{}, "--account", "alice", "balance").want(t, ExitOK)
	f.run(t, opts{env: map[string]string{EnvAccount: "bob"}}, "balance").want(t, ExitOK)
	f.run(t, opts{env: map[string]string{EnvAccount: "bob"}}, "balance", "--account=alice").want(t, ExitOK)
	got := f.params(api.MethodWalletBalance)
	want := []string{`{}`, `{"account":"alice"}`, `{"account":"bob"}`, `{"account":"alice"}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wallet.balance params = %v, want %v", got, want)
	}

	// Flags win over the environment.
	env := map[string]string{EnvAPI: "http://127.0.0.1:1", EnvTokenFile: "/nonexistent"}
	runCLI(t, env, opts{}, "--api", f.url, "--token-file", f.tokenFile, "balance").want(t, ExitOK, "12.5 STG")

	// The default token file is the dev chain's in the default home.
	home := t.TempDir()
	writeToken(t, filepath.Join(home, "dev"), testToken)
	runCLI(t, map[string]string{"STEGOS_HOME": home, EnvAPI: f.url}, opts{}, "balance").want(t, ExitOK, "12.5 STG")
	r := runCLI(t, map[string]string{"STEGOS_HOME": home, EnvAPI: f.url}, opts{}, "--help")
	r.want(t, ExitOK, filepath.Join(home, "dev", api.TokenFile))
	// A bare host:port works as --api.
	f.run(t, opts{}, "--api", strings.TrimPrefix(f.url, "http://"), "balance").want(t, ExitOK)
	// history --limit and --offset reach the API.
	f.run(t, opts{}, "history", "-n", "5", "--offset", "2").want(t, ExitOK)
	if h := f.params(api.MethodWalletHistory); h[len(h)-1] != `{"limit":5,"offset":2}` {
		t.Errorf("wallet.history params = %v", h)
	}
	// --index is sent only when given, including 0.
	f.run(t, opts{}, "proof", "create", txID, "--index", "0").want(t, ExitOK)
	f.run(t, opts{}, "proof", "create", txID).want(t, ExitOK)
	if p := f.params(api.MethodWalletPaymentProof); !reflect.DeepEqual(p, []string{`{"txId":"` + txID + `","index":0}`, `{"txId":"` + txID + `"}`}) {
		t.Errorf("wallet.paymentProof params = %v", p)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"balanse"}, `unknown command "balanse" for "stegos"; did you mean balance?`},
		{[]string{"send"}, "did you mean pay?"},
		{[]string{"account", "nope"}, `unknown command "nope" for "stegos account"`},
		{[]string{"--bogus", "balance"}, "unknown flag: --bogus"},
		{[]string{"balance", "extra"}, "stegos balance takes no arguments (1 given)"},
		{[]string{"pay", bobAddr}, "stegos pay takes ADDRESS AMOUNT (1 given)"},
		{[]string{"pay", bobAddr, "1e5"}, "without an exponent"},
		{[]string{"pay", bobAddr, "1,5"}, "dot as the decimal separator"},
		{[]string{"pay", bobAddr, "1.0000001"}, "at most 6 decimal places"},
		{[]string{"pay", bobAddr, ""}, "amount is empty"},
		{[]string{"pay", bobAddr, "99999999999"}, "largest possible amount"},
		{[]string{"pay", "--", bobAddr, "-1"}, "cannot be negative"},
		{[]string{"pay", bobAddr, "0"}, "must be more than 0"},
		{[]string{"pay", bobAddr, "1", "--fee", "x"}, "--fee: invalid amount"},
		{[]string{"pay", bobAddr, "1", "--wait", "--max-wait", "soon"}, "invalid argument"},
		{[]string{"block", "abc"}, `invalid block height "abc"`},
		{[]string{"block", "0"}, "from 1"},
		{[]string{"block", "1", "2"}, "takes [HEIGHT] (2 given)"},
		{[]string{"history", "--limit", "-1"}, "cannot be negative"},
		{[]string{"account", "import-view", "v"}, "--address is required"},
		{[]string{"account", "delete", "alice"}, "refusing to delete account alice without confirmation: pass --yes"},
		{[]string{"proof", "verify", " "}, "the proof is empty"},
		{[]string{"--timeout", "x", "balance"}, "invalid argument"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := f.run(t, opts{}, tt.args...)
			r.want(t, ExitUsage, tt.want, "Run 'stegos --help' for usage.")
		})
	}
	if n := f.total(); n != 0 {
		t.Errorf("usage errors made %d API calls: %v", n, f.calls)
	}
	// In --json mode a usage error is a JSON error with code 0.
	r := f.run(t, opts{}, "--json", "pay", bobAddr, "1e5")
	r.want(t, ExitUsage)
	var je jsonError
	if err := json.Unmarshal([]byte(r.stdout), &je); err != nil || je.Error.Code != 0 || !strings.Contains(je.Error.Message, "exponent") {
		t.Errorf("--json usage error: %q (%v)", r.stdout, err)
	}
	r = f.run(t, opts{}, "--json", "--bogus")
	if r.code != ExitUsage || !strings.Contains(r.stdout, `"error"`) {
		t.Errorf("--json with a bad flag: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.run(t, opts{}).want(t, ExitOK, "Available Commands:", "wait-sync")
	f.run(t, opts{}, "account").want(t, ExitOK, "import-view", "passwd")
	f.run(t, opts{}, "pay", "--help").want(t, ExitOK, "--memo", "--fee", "--wait")
	if n := f.total(); n != 0 {
		t.Errorf("help made %d API calls", n)
	}
}

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	syncing := api.SyncStatus{Account: aliceID, ScannedHeight: 10, ChainHeight: 40, State: "scanning"}
	funds := api.InsufficientFundsData{Available: 1_000_000, Needed: 2_001_000, Pending: 500_000}
	tests := []struct {
		name     string
		method   string
		h        handlerFunc
		args     []string
		code     int
		want     string
		wantData string
	}{
		{"locked", api.MethodWalletBalance, apiErr(api.CodeLocked, "account is locked", nil),
			[]string{"balance"}, api.CodeLocked, "the first account is locked: run `stegos account unlock`", ""},
		{"locked named", api.MethodWalletSend, apiErr(api.CodeLocked, "account is locked", nil),
			[]string{"--account", "my bob", "pay", aliceAddr, "1"}, api.CodeLocked,
			"account my bob is locked: run `stegos --account 'my bob' account unlock`", ""},
		{"syncing", api.MethodWalletBalance, apiErr(api.CodeSyncing, "wallet still syncing", syncing),
			[]string{"balance"}, api.CodeSyncing,
			"the first account is still scanning the chain (block 10 of 40, 25%): run `stegos wait-sync` and try again",
			`"scannedHeight":10`},
		{"insufficient funds", api.MethodWalletSend, apiErr(api.CodeInsufficientFunds, "insufficient funds", funds),
			[]string{"pay", bobAddr, "2"}, api.CodeInsufficientFunds,
			"insufficient funds: this needs 2.001 STG (amount and fee) but the first account has 1 STG available; 0.5 STG more is pending",
			`"needed":2001000`},
		{"wrong password", api.MethodWalletUnlock, apiErr(api.CodeWrongPassword, "wrong password", nil),
			[]string{"account", "unlock"}, api.CodeWrongPassword, "wrong password for the first account", ""},
		{"not found", api.MethodWalletBalance, apiErr(api.CodeAccountNotFound, `no account "carol"`, nil),
			[]string{"--account", "carol", "balance"}, api.CodeAccountNotFound, `no account "carol": see ` + "`stegos account list`", ""},
		{"view-only", api.MethodWalletSend, apiErr(api.CodeViewOnly, "view-only", nil),
			[]string{"--account", "bob", "pay", aliceAddr, "1"}, api.CodeViewOnly, "account bob is view-only", ""},
		{"invalid address", api.MethodWalletSend, apiErr(api.CodeInvalidAddress, "address has a bad checksum", nil),
			[]string{"pay", "stg1x", "1"}, api.CodeInvalidAddress, "address has a bad checksum", ""},
		{"tx not found", api.MethodChainTx, apiErr(api.CodeNotFound, "no transaction 00", nil),
			[]string{"tx", "00"}, api.CodeNotFound, "no transaction 00", ""},
		{"invalid proof", api.MethodWalletVerifyPaymentProof, fixed[api.VerifyPaymentProofParams](api.PaymentProofCheck{}),
			[]string{"proof", "verify", "bad"}, api.CodeInvalidProof, "the payment proof is not valid", ""},
		{"control characters", api.MethodChainTx, apiErr(api.CodeTxRejected, "rejected\x1b]0;pwned\x07", nil),
			[]string{"tx", "00"}, api.CodeTxRejected, "rejected\uFFFD]0;pwned\uFFFD", ""},
		{"internal", api.MethodWalletBalance, func(json.RawMessage) (any, error) { return nil, os.ErrClosed },
			[]string{"balance"}, api.CodeInternal, "internal error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, map[string]handlerFunc{tt.method: tt.h})
			r := f.run(t, opts{env: map[string]string{EnvPassword: "pw"}}, tt.args...)
			r.want(t, ExitError, "stegos: "+tt.want)
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			r = f.run(t, opts{env: map[string]string{EnvPassword: "pw"}}, append([]string{"--json"}, tt.args...)...)
			r.want(t, ExitError)
			var je jsonError
			if err := json.Unmarshal([]byte(r.stdout), &je); err != nil {
				t.Fatalf("--json error output %q: %v", r.stdout, err)
			}
			if je.Error.Code != tt.code || !strings.Contains(je.Error.Message, tt.want) {
				t.Errorf("--json error = %+v, want code %d and message %q", je.Error, tt.code, tt.want)
			}
			if d, _ := json.Marshal(je.Error.Data); !strings.Contains(string(d), tt.wantData) {
				t.Errorf("--json error data = %s, want %s", d, tt.wantData)
			}
			if r.stderr != "" {
				t.Errorf("--json: stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

func TestConnectionErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)

	wrong := writeToken(t, t.TempDir(), strings.Repeat("f", 64))
	r := f.run(t, opts{env: map[string]string{EnvTokenFile: wrong}}, "balance")
	r.want(t, ExitError, "refused the token in "+wrong, "--token-file")

	missing := filepath.Join(t.TempDir(), "api.token")
	r = f.run(t, opts{env: map[string]string{EnvTokenFile: missing}}, "balance")
	r.want(t, ExitError, missing+" does not exist", "`stegosd dev`", "--token-file")

	r = runCLI(t, map[string]string{}, opts{}, "balance")
	r.want(t, ExitError, "no home directory", "--token-file")

	r = f.run(t, opts{env: map[string]string{EnvAPI: "http://127.0.0.1:1"}}, "balance")
	r.want(t, ExitError, "cannot reach the Stegos API at http://127.0.0.1:1/: is stegosd running?", "stegosd dev")

	r = f.run(t, opts{}, "--api", "ftp://x", "balance")
	r.want(t, ExitUsage, "--api: invalid API URL")

	slow := newFixture(t, map[string]handlerFunc{
		api.MethodWalletBalance: func(json.RawMessage) (any, error) { time.Sleep(2 * time.Second); return fixedBalance, nil },
	})
	r = slow.run(t, opts{}, "--timeout", "50ms", "balance")
	r.want(t, ExitError, "no answer from the Stegos API at "+slow.url+" within 50ms (--timeout)")
}

func TestPasswords(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-pw"
	tests := []struct {
		name string
		o    opts
		args []string
		// method and the params it must get
		method, params string
	}{
		{"create from env", opts{env: map[string]string{EnvPassword: secret}}, []string{"account", "create", "carol"},
			api.MethodWalletCreateAccount, `{"name":"carol","password":"` + secret + `"}`},
		{"create from stdin", opts{stdin: secret + "\r\n"}, []string{"account", "create", "carol"},
			api.MethodWalletCreateAccount, `{"name":"carol","password":"` + secret + `"}`},
		{"create on a terminal", opts{terminal: true, typed: []string{secret, secret}}, []string{"account", "create", "carol"},
			api.MethodWalletCreateAccount, `{"name":"carol","password":"` + secret + `"}`},
		{"unlock from stdin without newline", opts{stdin: secret}, []string{"--account", "alice", "account", "unlock"},
			api.MethodWalletUnlock, `{"account":"alice","password":"` + secret + `"}`},
		{"passwd from env", opts{env: map[string]string{EnvPassword: secret, EnvNewPassword: "new"}}, []string{"account", "passwd"},
			api.MethodWalletChangePassword, `{"password":"` + secret + `","newPassword":"new"}`},
		{"passwd from stdin", opts{stdin: secret + "\nnew\n"}, []string{"account", "passwd"},
			api.MethodWalletChangePassword, `{"password":"` + secret + `","newPassword":"new"}`},
		{"passwd on a terminal", opts{terminal: true, typed: []string{secret, "new", "new"}}, []string{"account", "passwd"},
			api.MethodWalletChangePassword, `{"password":"` + secret + `","newPassword":"new"}`},
		{"delete with --yes", opts{stdin: secret + "\n"}, []string{"account", "delete", "alice", "--yes"},
			api.MethodWalletDeleteAccount, `{"account":"alice","password":"` + secret + `"}`},
		{"delete confirmed on a terminal", opts{terminal: true, stdin: "alice\n", typed: []string{secret}}, []string{"account", "delete", "alice"},
			api.MethodWalletDeleteAccount, `{"account":"alice","password":"` + secret + `"}`},
		{"empty env password is a password", opts{env: map[string]string{EnvPassword: ""}}, []string{"account", "unlock"},
			api.MethodWalletUnlock, `{"password":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			r := f.run(t, tt.o, tt.args...)
			r.want(t, ExitOK)
			if got := f.params(tt.method); len(got) != 1 || got[0] != tt.params {
				t.Errorf("%s params = %v, want %s", tt.method, got, tt.params)
			}
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("the password was printed:\n%s\n%s", r.stdout, r.stderr)
			}
		})
	}
}

func TestPasswordFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.run(t, opts{}, "account", "create", "carol").want(t, ExitError, "no password on stdin", EnvPassword)
	f.run(t, opts{terminal: true, typed: []string{"a", "b"}}, "account", "create", "carol").
		want(t, ExitError, "the passwords do not match")
	f.run(t, opts{terminal: true, stdin: "bob\n", typed: []string{"pw"}}, "account", "delete", "alice").
		want(t, ExitError, "not confirmed; nothing was changed")
	f.run(t, opts{stdin: "only-one-line\n"}, "account", "passwd").want(t, ExitError, "no password on stdin", EnvNewPassword)
	for _, m := range []string{api.MethodWalletCreateAccount, api.MethodWalletDeleteAccount, api.MethodWalletChangePassword} {
		if p := f.params(m); len(p) != 0 {
			t.Errorf("%s was called: %v", m, p)
		}
	}
}

func TestAccountCreate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	r := f.run(t, opts{env: map[string]string{EnvPassword: "pw"}}, "account", "create", "carol")
	r.want(t, ExitOK, "Created account carol (id "+aliceID+").", "Address: "+aliceAddr,
		"WRITE DOWN THIS RECOVERY PHRASE", "will not be shown again",
		" 1. abandon", " 4. about", "24. actual")
	// The phrase as printed, numbers and all, is accepted by recover.
	r2 := f.run(t, opts{stdin: r.stdout[strings.Index(r.stdout, " 1. "):], env: map[string]string{EnvPassword: "pw"}},
		"account", "recover", "carol", "--no-wait")
	r2.want(t, ExitOK)
	if p := f.params(api.MethodWalletRecoverAccount); len(p) != 1 || !strings.Contains(p[0], `"phrase":"`+phrase24+`"`) {
		t.Errorf("recover params = %v", p)
	}
	// --json warns on stderr and prints the result with the phrase.
	r = f.run(t, opts{env: map[string]string{EnvPassword: "pw"}}, "--json", "account", "create", "carol")
	r.want(t, ExitOK, `"phrase": "`+phrase24+`"`, "not shown again")
}

func TestAccountRecover(t *testing.T) {
	t.Parallel()
	polls := 0
	f := newFixture(t, map[string]handlerFunc{
		api.MethodWalletSyncStatus: strict(func(p api.AccountParams) (any, error) {
			if p.Account != aliceID {
				t.Errorf("syncStatus of %q, want the recovered account's id", p.Account)
			}
			polls++
			if polls < 3 {
				return api.SyncStatus{Account: aliceID, ScannedHeight: int64(polls * 10), ChainHeight: 40, State: "scanning"}, nil
			}
			return api.SyncStatus{Account: aliceID, ScannedHeight: 40, ChainHeight: 40, Synced: true, State: "synced"}, nil
		}),
	})
	words := strings.Fields(phrase24)
	messy := "  " + strings.ToUpper(words[0]) + "   " + strings.Join(words[1:12], "  ") + "\n\n\t" +
		strings.Join(words[12:], "\n") + "\npw\n"
	r := f.run(t, opts{stdin: messy}, "account", "recover", "alice")
	r.want(t, ExitOK, "Recovered account alice (id "+aliceID+").", "Scanning: scanning, block 10 of 40, 25%",
		"scanned the chain up to block 40")
	if p := f.params(api.MethodWalletRecoverAccount); len(p) != 1 ||
		p[0] != `{"name":"alice","phrase":"`+phrase24+`","password":"pw"}` {
		t.Errorf("recover params = %v", p)
	}

	// On a terminal the progress is one line rewritten with \r.
	r = f.run(t, opts{terminal: true, stdin: phrase24 + "\n", typed: []string{"pw", "pw"}}, "account", "recover", "alice")
	r.want(t, ExitOK)
	if !strings.Contains(r.stderr, "Recovery phrase (24 words): ") {
		t.Errorf("no prompt: %q", r.stderr)
	}

	r = f.run(t, opts{stdin: strings.Join(words[:23], " ") + "\n", env: map[string]string{EnvPassword: "pw"}}, "account", "recover", "alice")
	r.want(t, ExitError, "the recovery phrase has 23 words; it must have 24")
	if p := f.params(api.MethodWalletRecoverAccount); len(p) != 2 {
		t.Errorf("a short phrase reached the API: %v", p)
	}

	r = f.run(t, opts{stdin: phrase24 + "\n", env: map[string]string{EnvPassword: "pw"}}, "--json", "account", "recover", "alice", "--no-wait")
	r.want(t, ExitOK)
	var acct api.Account
	if err := json.Unmarshal([]byte(r.stdout), &acct); err != nil || acct.ID != aliceID {
		t.Errorf("--json recover: %q (%v)", r.stdout, err)
	}
}

func TestImportView(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	key := strings.Repeat("ab", 32)
	f.run(t, opts{env: map[string]string{EnvPassword: "pw"}}, "account", "import-view", "watch", "--address", bobAddr, "--view-key", key).
		want(t, ExitOK, "Imported view-only account watch", "scanned the chain up to block 42")
	f.run(t, opts{stdin: key + "\npw\n"}, "account", "import-view", "watch", "--address", bobAddr, "--no-wait").
		want(t, ExitOK, "wait-sync")
	want := `{"name":"watch","address":"` + bobAddr + `","viewKey":"` + key + `","password":"pw"}`
	if p := f.params(api.MethodWalletImportViewOnly); len(p) != 2 || p[0] != want || p[1] != want {
		t.Errorf("importViewOnly params = %v, want %s twice", p, want)
	}
}

func TestPayWait(t *testing.T) {
	t.Parallel()
	newF := func(final api.HistoryEntry) *fixture {
		polls := 0
		return newFixture(t, map[string]handlerFunc{
			api.MethodWalletHistory: strict(func(p api.HistoryParams) (any, error) {
				polls++
				e := fixedHistory[0]
				if polls > 2 {
					e = final
				}
				return []api.HistoryEntry{fixedHistory[1], e}, nil
			}),
		})
	}
	confirmed := fixedHistory[0]
	confirmed.Status, confirmed.Height, confirmed.Confirmations = api.StatusConfirmed, 44, 1
	f := newF(confirmed)
	f.run(t, opts{}, "pay", bobAddr, "2", "--wait").want(t, ExitOK, "is pending.", "Waiting for confirmation: pending", "Confirmed in block 44.")

	f = newF(confirmed)
	r := f.run(t, opts{}, "--json", "pay", bobAddr, "2", "--wait")
	r.want(t, ExitOK)
	var res api.SendResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Status != api.StatusConfirmed || res.TxID != txID {
		t.Errorf("--json pay --wait: %q (%v)", r.stdout, err)
	}

	failed := fixedHistory[0]
	failed.Status, failed.Reason = api.StatusFailed, "double spend"
	newF(failed).run(t, opts{}, "pay", bobAddr, "2", "--wait").want(t, ExitError, "transaction "+txID+" failed: double spend")

	never := newF(fixedHistory[0])
	never.run(t, opts{}, "pay", bobAddr, "2", "--wait", "--max-wait", "30ms").
		want(t, ExitError, "transaction "+txID+" is not confirmed after 30ms")
}

func TestWaitSync(t *testing.T) {
	t.Parallel()
	locked := newFixture(t, map[string]handlerFunc{
		api.MethodWalletSyncStatus: fixed[api.AccountParams](api.SyncStatus{Account: aliceID, ScannedHeight: 5, ChainHeight: 9, State: "locked", Reason: "unlock to scan"}),
	})
	locked.run(t, opts{}, "--account", "alice", "wait-sync").want(t, ExitError,
		"account alice is locked and does not scan while locked: run `stegos --account alice account unlock`")

	stuck := newFixture(t, map[string]handlerFunc{
		api.MethodWalletSyncStatus: fixed[api.AccountParams](api.SyncStatus{Account: aliceID, ScannedHeight: 5, ChainHeight: 9,
			State: "waiting for node", Reason: "node unreachable"}),
	})
	r := stuck.run(t, opts{}, "wait-sync", "--max-wait", "30ms")
	r.want(t, ExitError, "the first account is not synced after 30ms", "Scanning: waiting for node (node unreachable), block 5 of 9, 55%")
	if n := strings.Count(r.stderr, "Scanning:"); n != 1 {
		t.Errorf("progress printed %d times without a terminal, want once (unchanged line):\n%s", n, r.stderr)
	}
}

func TestStatusWithoutAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, map[string]handlerFunc{
		api.MethodWalletSyncStatus: apiErr(api.CodeAccountNotFound, "no accounts", nil),
	})
	f.run(t, opts{}, "status").want(t, ExitOK, "none yet: create one with `stegos account create NAME`")
	r := f.run(t, opts{}, "--json", "status")
	r.want(t, ExitOK, `"sync": null`)
	// A named account that does not exist is an error.
	f.run(t, opts{}, "--account", "carol", "status").want(t, ExitError, "no accounts")
}

func TestAddressQR(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	r := f.run(t, opts{terminal: true}, "address")
	r.want(t, ExitOK, aliceAddr+"\n", "█")
	if lines := strings.Count(r.stdout, "\n"); lines < 15 {
		t.Errorf("QR code of %d lines", lines)
	}
	if r := f.run(t, opts{terminal: true}, "address", "--no-qr"); r.stdout != aliceAddr+"\n" {
		t.Errorf("--no-qr: stdout %q", r.stdout)
	}
	if r := f.run(t, opts{}, "address"); r.stdout != aliceAddr+"\n" {
		t.Errorf("not a terminal: stdout %q", r.stdout)
	}
}

func TestProofVerifyStdin(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.run(t, opts{stdin: "\n  stgproof1qqq \n"}, "proof", "verify", "-").want(t, ExitOK, "Valid:")
	if p := f.params(api.MethodWalletVerifyPaymentProof); len(p) != 1 || p[0] != `{"proof":"stgproof1qqq"}` {
		t.Errorf("verify params = %v", p)
	}
}

func TestHistoryEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t, map[string]handlerFunc{
		api.MethodWalletHistory:      fixed[api.HistoryParams]([]api.HistoryEntry{}),
		api.MethodWalletListAccounts: fixed[struct{}]([]api.Account{}),
	})
	f.run(t, opts{}, "history").want(t, ExitOK, "No transactions.")
	f.run(t, opts{}, "account", "list").want(t, ExitOK, "No accounts yet")
	if r := f.run(t, opts{}, "--json", "account", "list"); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("--json account list with no accounts: %q", r.stdout)
	}
}

func TestPhraseNormalization(t *testing.T) {
	t.Parallel()
	words := strings.Fields(phrase24)
	var numbered strings.Builder
	for i, w := range words {
		fmt.Fprintf(&numbered, "%s%d. %s\n", strings.Repeat(" ", i%3), i+1, capitalize(w))
	}
	tests := []struct {
		in      string
		wantErr bool
	}{
		{phrase24, false},
		{strings.ToUpper(phrase24), false},
		{"\n\n  " + strings.Join(words, "   \n ") + "\n", false},
		{numbered.String(), false},
		{"1. " + strings.Join(words[:12], " ") + " 13) " + strings.Join(words[12:], " "), false},
		{strings.Join(words[:23], " "), true},
		{phrase24 + " extra", true},
		{"", true},
	}
	for _, tt := range tests {
		got, err := normalizePhrase(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("normalizePhrase(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != phrase24 {
			t.Errorf("normalizePhrase(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain":            "plain",
		"tab\tnew\nline\r": "tab new line ",
		"esc\x1b[2J":       "esc\uFFFD[2J",
		"bell\x07":         "bell\uFFFD",
		"bidi\u202eevil":   "bidi\uFFFDevil",
		"c1\u009b31m":      "c1\uFFFD31m",
		"ünïcode ✓":        "ünïcode ✓",
	}
	for in, want := range tests {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInterruptedPrompt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	env := map[string]string{EnvAPI: f.url, EnvTokenFile: f.tokenFile}
	tests := []struct {
		name string
		o    opts
		args []string
	}{
		{"password", opts{terminal: true, blockPassword: true}, []string{"account", "unlock"}},
		{"phrase", opts{terminal: true, stdinReader: blockingReader{}}, []string{"account", "recover", "alice"}},
		{"confirmation", opts{terminal: true, stdinReader: blockingReader{}}, []string{"account", "delete", "alice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			time.AfterFunc(50*time.Millisecond, cancel)
			runCLIContext(ctx, t, env, tt.o, tt.args...).want(t, ExitError, "stegos: interrupted")
		})
	}
	if p := f.params(api.MethodWalletUnlock); len(p) != 0 {
		t.Errorf("unlock was called: %v", p)
	}
}

// blockingReader is a terminal nobody types on.
type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }
