package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// explain turns err into a message that says what to do about it.
func (a *app) explain(err error) string {
	var ae *api.Error
	var ce *client.ConnError
	switch {
	case errors.As(err, &ae):
		return a.explainAPI(ae, err)
	case errors.As(err, &ce):
		return fmt.Sprintf("cannot reach the Stegos API at %s: is stegosd running? "+
			"Start a local chain with `stegosd dev`, or pass --api (%v)", ce.URL, ce.Err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer from the Stegos API at %s within %v (--timeout)", a.apiURL, a.timeout)
	case errors.Is(err, context.Canceled):
		return "interrupted"
	}
	return strings.TrimPrefix(err.Error(), "client: ")
}

// explainAPI explains an error the API answered with; err is the whole
// chain, for the decoding of its data.
func (a *app) explainAPI(ae *api.Error, err error) string {
	acct := a.accountLabel()
	switch ae.Code {
	case api.CodeUnauthorized:
		return fmt.Sprintf("the API at %s refused the token in %s: pass the token file of this node with "+
			"--token-file (or %s); it is <home>/%s", a.apiURL, a.tokenFile, EnvTokenFile, api.TokenFile)
	case api.CodeLocked:
		return fmt.Sprintf("%s is locked: run `stegos %saccount unlock`", acct, a.accountFlag())
	case api.CodeWrongPassword:
		return fmt.Sprintf("wrong password for %s", acct)
	case api.CodeSyncing:
		var s api.SyncStatus
		if client.DecodeErrorData(err, &s) == nil {
			return fmt.Sprintf("%s is still scanning the chain (%s): run `stegos %swait-sync` and try again",
				acct, progressText(s), a.accountFlag())
		}
		return fmt.Sprintf("%s is still scanning the chain: run `stegos %swait-sync` and try again", acct, a.accountFlag())
	case api.CodeInsufficientFunds:
		var d api.InsufficientFundsData
		if client.DecodeErrorData(err, &d) != nil {
			return sanitize(ae.Message)
		}
		msg := fmt.Sprintf("insufficient funds: this needs %s (amount and fee) but %s has %s available",
			formatSTG(d.Needed), acct, formatSTG(d.Available))
		if d.Pending > 0 {
			msg += fmt.Sprintf("; %s more is pending and becomes available when it confirms", formatSTG(d.Pending))
		}
		return msg
	case api.CodeAccountNotFound:
		return sanitize(ae.Message) + ": see `stegos account list`, or create one with `stegos account create NAME`"
	case api.CodeViewOnly:
		return fmt.Sprintf("%s is view-only: it sees incoming payments but cannot spend", acct)
	case api.CodeNodeUnavailable:
		return sanitize(ae.Message) + ": the wallet cannot reach its node; is it running?"
	case api.CodeMethodNotFound:
		return sanitize(ae.Message) + fmt.Sprintf(": is %s the Stegos API of an up-to-date stegosd?", a.apiURL)
	case api.CodeRateLimited:
		return "the API is rate limiting this client: wait a moment and try again"
	case api.CodeBusy:
		return "the node is checking other passwords right now: try again in a moment"
	}
	return sanitize(ae.Message)
}

// jsonError is the --json form of an error.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

// printJSONError prints err as {"error":{...}} on stdout.
func (a *app) printJSONError(err error) {
	body := jsonErrorBody{Message: a.explain(err)}
	var ae *api.Error
	if errors.As(err, &ae) {
		body.Code = ae.Code
		body.Data = ae.Data
	}
	if a.printJSONLine(jsonError{body}) != nil {
		_ = a.printJSONLine(jsonError{jsonErrorBody{Code: body.Code, Message: body.Message}})
	}
}
