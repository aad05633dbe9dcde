package apiserver

import (
	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/params"
)

// Title is the API's name in the OpenRPC document.
const Title = "Stegos JSON-RPC API"

// Document returns the OpenRPC document of the full API, the one
// rpc.discover serves and api/openrpc.json holds. It registers every
// method on a server that never serves.
func Document() ([]byte, error) {
	srv, err := rpcserver.New(rpcserver.Config{Token: "document", Title: Title, Version: api.Version})
	if err != nil {
		return nil, err
	}
	p, err := params.For(params.Dev)
	if err != nil {
		return nil, err
	}
	RegisterChain(srv, chainsrc.NewComet(nil, ""), &p, "")
	RegisterWallet(srv, (*wallet.Service)(nil))
	RegisterBus(srv, (*bus.Service)(nil))
	RegisterChat(srv, (*chat.Service)(nil))
	doc, err := srv.OpenRPC()
	if err != nil {
		return nil, err
	}
	return append(doc, '\n'), nil
}
