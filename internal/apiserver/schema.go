package apiserver

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// schemaOf returns a JSON Schema for the Go type of v, following its json
// tags: the OpenRPC document describes exactly what the handlers marshal.
func schemaOf(v any) json.RawMessage {
	b, err := json.Marshal(schemaFor(reflect.TypeOf(v)))
	if err != nil {
		panic(err)
	}
	return b
}

var timeType = reflect.TypeOf(time.Time{})

func schemaFor(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return schemaFor(t.Elem())
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
		// encoding/json writes []byte as base64.
		return map[string]any{"type": "string", "contentEncoding": "base64"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaFor(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		addFields(t, props, &required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

// addFields adds t's exported fields (embedded structs flattened).
func addFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			addFields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs := schemaFor(f.Type)
		if d := api.FieldDocs[t.Name()+"."+name]; d != "" {
			fs["description"] = d
		}
		props[name] = fs
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}

// paramsOf describes the by-name params of a params struct.
func paramsOf(v any, docs map[string]string) []rpcserver.ParamSpec {
	t := reflect.TypeOf(v)
	var out []rpcserver.ParamSpec
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		b, _ := json.Marshal(schemaFor(f.Type))
		desc := docs[name]
		if desc == "" {
			desc = api.FieldDocs[t.Name()+"."+name]
		}
		out = append(out, rpcserver.ParamSpec{
			Name: name, Description: desc, Schema: b,
			Required: !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer,
		})
	}
	return out
}

// result describes a result.
func result(name string, v any) *rpcserver.ParamSpec {
	return &rpcserver.ParamSpec{Name: name, Schema: schemaOf(v)}
}
