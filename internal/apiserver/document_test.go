package apiserver

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/stegos-go/stegos/api"
)

var update = flag.Bool("update", false, "rewrite api/openrpc.json")

// TestOpenRPCCommitted keeps api/openrpc.json identical to what
// rpc.discover serves. After changing a method, run
// go test ./internal/apiserver -run OpenRPCCommitted -update.
func TestOpenRPCCommitted(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("../../api/openrpc.json", doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(doc, api.OpenRPC) {
		t.Fatal("api/openrpc.json differs from the served document: run go test ./internal/apiserver -run OpenRPCCommitted -update")
	}
	var d struct {
		Methods []struct {
			Name string `json:"name"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range d.Methods {
		have[m.Name] = true
	}
	for _, name := range []string{
		api.MethodNodeStatus, api.MethodChainBlock, api.MethodChainTx,
		api.MethodWalletCreateAccount, api.MethodWalletRecoverAccount, api.MethodWalletImportViewOnly,
		api.MethodWalletListAccounts, api.MethodWalletUnlock, api.MethodWalletLock, api.MethodWalletChangePassword,
		api.MethodWalletDeleteAccount, api.MethodWalletAddress, api.MethodWalletBalance, api.MethodWalletSyncStatus, api.MethodWalletViewKey,
		api.MethodWalletSend, api.MethodWalletEstimateFee, api.MethodWalletHistory, api.MethodWalletPaymentProof, api.MethodWalletVerifyPaymentProof,
		api.MethodSubscribe, api.MethodUnsubscribe, api.MethodAuth,
	} {
		if !have[name] {
			t.Errorf("the OpenRPC document lacks %s", name)
		}
	}
}
