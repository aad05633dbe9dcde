package rpcserver

import (
	"encoding/json"
	"slices"
)

// openRPCVersion is the OpenRPC specification version of the document.
const openRPCVersion = "1.2.6"

type orpcDoc struct {
	OpenRPC string       `json:"openrpc"`
	Info    orpcInfo     `json:"info"`
	Methods []orpcMethod `json:"methods"`
}

type orpcInfo struct {
	Title   string `json:"title"`
	Version string `json:"version"`
}

type orpcMethod struct {
	Name           string           `json:"name"`
	Summary        string           `json:"summary,omitempty"`
	Description    string           `json:"description,omitempty"`
	ParamStructure string           `json:"paramStructure"`
	Params         []orpcDescriptor `json:"params"`
	Result         orpcDescriptor   `json:"result"`
	Errors         []orpcError      `json:"errors,omitempty"`
}

type orpcDescriptor struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Required    bool            `json:"required,omitempty"`
	Schema      json.RawMessage `json:"schema"`
}

type orpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// OpenRPC returns the OpenRPC 1.2 document describing every registered
// method and the built-ins, sorted by name, as indented JSON. rpc.discover
// returns the same document.
func (s *Server) OpenRPC() ([]byte, error) {
	return json.MarshalIndent(s.openRPCDoc(), "", "  ")
}

func (s *Server) openRPCDoc() orpcDoc {
	s.regMu.RLock()
	methods := make([]orpcMethod, 0, len(s.methods)+len(builtinSpecs))
	for name, m := range s.methods {
		methods = append(methods, describe(name, m.spec))
	}
	s.regMu.RUnlock()
	for name, spec := range builtinSpecs {
		if name == methodSubscribe {
			spec = s.subscribeSpec(spec)
		}
		methods = append(methods, describe(name, spec))
	}
	slices.SortFunc(methods, func(a, b orpcMethod) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return orpcDoc{
		OpenRPC: openRPCVersion,
		Info:    orpcInfo{Title: s.cfg.Title, Version: s.cfg.Version},
		Methods: methods,
	}
}

func describe(name string, spec MethodSpec) orpcMethod {
	m := orpcMethod{
		Name:           name,
		Summary:        spec.Summary,
		Description:    spec.Description,
		ParamStructure: "by-name",
		Params:         make([]orpcDescriptor, 0, len(spec.Params)),
		Result:         orpcDescriptor{Name: "result", Schema: json.RawMessage("{}")},
	}
	for _, p := range spec.Params {
		m.Params = append(m.Params, descriptor(p))
	}
	if spec.Result != nil {
		m.Result = descriptor(*spec.Result)
	}
	for _, e := range spec.Errors {
		m.Errors = append(m.Errors, orpcError(e))
	}
	return m
}

func descriptor(p ParamSpec) orpcDescriptor {
	d := orpcDescriptor(p)
	if d.Schema == nil {
		d.Schema = json.RawMessage("{}")
	}
	return d
}

// subscribeSpec is spec with the topic param restricted to Config.Topics.
func (s *Server) subscribeSpec(spec MethodSpec) MethodSpec {
	schema, _ := json.Marshal(struct { // strings always marshal
		Type string   `json:"type"`
		Enum []string `json:"enum"`
	}{"string", s.cfg.Topics})
	params := []ParamSpec{{Name: "topic", Required: true, Schema: schema}}
	spec.Params = append(params, spec.Params[1:]...) // the filter
	return spec
}
