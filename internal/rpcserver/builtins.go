package rpcserver

import "encoding/json"

// Names of the built-in methods.
const (
	methodDiscover    = "rpc.discover"
	methodAuth        = "auth"
	methodSubscribe   = "subscribe"
	methodUnsubscribe = "unsubscribe"
)

// builtinSpecs describes the built-ins in the OpenRPC document.
// rpc.discover is left out, as OpenRPC service discovery expects.
var builtinSpecs = map[string]MethodSpec{
	methodAuth: {
		Summary:     "Authenticates a WebSocket connection",
		Description: "Must be the first message on a WebSocket opened without an Authorization header.",
		Params:      []ParamSpec{{Name: "token", Required: true, Schema: json.RawMessage(`{"type":"string"}`)}},
		Result:      &ParamSpec{Name: "ok", Schema: json.RawMessage(`{"type":"boolean"}`)},
		Errors:      []ErrorSpec{{CodeUnauthorized, "missing or wrong API token"}},
	},
	methodSubscribe: {
		Summary: "Subscribes to a topic (WebSocket only)",
		Description: `Notifications arrive as {"method":"subscription","params":{"subscription":id,"result":payload}}. ` +
			`An optional filter keeps only the payloads whose top-level fields hold its values, e.g. {"topic":"bus.packet","filter":{"app":"pingpong"}}.`,
		Params: []ParamSpec{
			{Name: "topic", Required: true, Schema: json.RawMessage(`{"type":"string"}`)},
			{Name: "filter", Schema: json.RawMessage(`{"type":"object","additionalProperties":{"type":"string"},"maxProperties":8}`)},
		},
		Result: &ParamSpec{Name: "subscription", Schema: json.RawMessage(`{"type":"string"}`)},
		Errors: []ErrorSpec{
			{CodeTransport, "subscriptions need a WebSocket connection"},
			{CodeTooManySubscriptions, "too many subscriptions"},
		},
	},
	methodUnsubscribe: {
		Summary: "Cancels a subscription (WebSocket only)",
		Params:  []ParamSpec{{Name: "id", Required: true, Schema: json.RawMessage(`{"type":"string"}`)}},
		Result:  &ParamSpec{Name: "ok", Schema: json.RawMessage(`{"type":"boolean"}`)},
		Errors:  []ErrorSpec{{CodeTransport, "subscriptions need a WebSocket connection"}},
	},
}

func isBuiltin(name string) bool {
	_, ok := builtinSpecs[name]
	return ok
}
