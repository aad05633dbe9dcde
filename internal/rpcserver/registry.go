package rpcserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Handler serves one method. params is the raw "params" member (nil when
// absent). The result is marshalled to JSON; an *Error is sent as is, any
// other error is logged and answered with -32603 "internal error".
type Handler func(ctx context.Context, params json.RawMessage) (any, error)

// MethodSpec describes a method for the OpenRPC document.
type MethodSpec struct {
	Summary     string
	Description string
	// Params are by-name parameters, in order.
	Params []ParamSpec
	// Result describes the result; nil means an unconstrained result.
	Result *ParamSpec
	// Errors lists the application errors the method can return.
	Errors []ErrorSpec
}

// ParamSpec is an OpenRPC content descriptor. Schema is a JSON Schema
// snippet such as {"type":"string"}; nil means any value.
type ParamSpec struct {
	Name        string
	Description string
	Required    bool
	Schema      json.RawMessage
}

// ErrorSpec is an error a method can return.
type ErrorSpec struct {
	Code    int
	Message string
}

type method struct {
	handler Handler
	spec    MethodSpec
}

// Register adds a method. It panics on a programmer error: an empty or
// duplicate name, a name in the reserved "rpc." namespace or taken by a
// built-in (auth, subscribe, unsubscribe), a nil handler or a schema that
// is not valid JSON.
func (s *Server) Register(name string, h Handler, spec MethodSpec) {
	if name == "" || h == nil {
		panic("rpcserver: Register needs a name and a handler")
	}
	if strings.HasPrefix(name, "rpc.") || isBuiltin(name) {
		panic(fmt.Sprintf("rpcserver: method name %q is reserved", name))
	}
	checkSchema(name, spec.Result)
	for i := range spec.Params {
		checkSchema(name, &spec.Params[i])
	}
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if _, dup := s.methods[name]; dup {
		panic(fmt.Sprintf("rpcserver: method %q registered twice", name))
	}
	s.methods[name] = method{h, spec}
}

func checkSchema(name string, p *ParamSpec) {
	if p != nil && p.Schema != nil && !json.Valid(p.Schema) {
		panic(fmt.Sprintf("rpcserver: method %q: schema of %q is not valid JSON", name, p.Name))
	}
}

func (s *Server) lookup(name string) (method, bool) {
	s.regMu.RLock()
	defer s.regMu.RUnlock()
	m, ok := s.methods[name]
	return m, ok
}

// DecodeParams decodes by-name params into v, rejecting unknown fields,
// and returns a -32602 *Error naming what is wrong.
func DecodeParams(params json.RawMessage, v any) error {
	if len(params) == 0 || params[0] != '{' {
		return InvalidParams("expected an object of named parameters")
	}
	dec := json.NewDecoder(strings.NewReader(string(params)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return InvalidParams("%s", paramsReason(err))
	}
	return nil
}

func paramsReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%q must be %s, not %s", te.Field, te.Type.String(), te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
