package client

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/stegos-go/stegos/api"
)

// ConnError reports that the API could not be reached: nothing listens at
// URL, the connection broke, or the WebSocket handshake failed.
type ConnError struct {
	URL string
	Err error
}

// Error implements error.
func (e *ConnError) Error() string {
	return fmt.Sprintf("cannot reach the Stegos API at %s: is stegosd running? (%v)", e.URL, e.Err)
}

// Unwrap returns the underlying network error.
func (e *ConnError) Unwrap() error { return e.Err }

// ErrorCode returns the code of the *api.Error in err's chain, or 0 when
// there is none (err is nil, or a transport or context error).
func ErrorCode(err error) int {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// IsCode reports whether err is an *api.Error with code.
func IsCode(err error, code int) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Code == code
}

// DecodeErrorData decodes the Data of the *api.Error in err's chain into v,
// such as an *api.InsufficientFundsData for api.CodeInsufficientFunds or an
// *api.SyncStatus for api.CodeSyncing. It fails when err holds no *api.Error
// or the error has no data.
func DecodeErrorData(err error, v any) error {
	var e *api.Error
	if !errors.As(err, &e) {
		return errors.New("client: not an API error")
	}
	var raw []byte
	switch d := e.Data.(type) {
	case nil:
		return fmt.Errorf("client: API error %d has no data", e.Code)
	case json.RawMessage:
		raw = d
	default:
		// An *api.Error made elsewhere holds decoded data.
		b, merr := json.Marshal(d)
		if merr != nil {
			return fmt.Errorf("client: API error data: %w", merr)
		}
		raw = b
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("client: API error data: %w", err)
	}
	return nil
}
