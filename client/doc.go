// Package client is the Go client of the Stegos JSON-RPC 2.0 API that
// stegosd serves on 127.0.0.1:3145 (package api is the contract).
//
// A Client sends each call as an HTTP POST with the API token as a bearer
// token, and opens one WebSocket per subscription:
//
//	tok, err := client.TokenFromFile(home + "/dev/api.token")
//	if err != nil { ... }
//	c, err := client.New(client.DefaultURL, tok)
//	if err != nil { ... }
//	bal, err := c.Balance(ctx, "alice")
//
// # Errors
//
// An error the server answers with comes back as an *api.Error, so callers
// branch on its code:
//
//	var e *api.Error
//	if errors.As(err, &e) && e.Code == api.CodeLocked { ... }
//
// Its Data, when present, is the raw JSON the server sent
// (json.RawMessage); DecodeErrorData decodes it into the type the code
// documents, such as api.InsufficientFundsData. When the server cannot be
// reached the error is a *ConnError; when the context ends first the error
// wraps ctx.Err(), so errors.Is(err, context.DeadlineExceeded) holds.
//
// # Subscriptions
//
// Subscribe and the typed helpers (SubscribeBalance, SubscribeNewBlocks,
// SubscribeTxStatus, SubscribeSync) return a Subscription whose Events
// channel delivers the topic's notifications until the context ends, Close
// is called or the connection fails; Err then says why. Subscriptions do
// not reconnect: after a failure, subscribe again and re-read the state.
package client
