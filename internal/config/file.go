package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
)

// decodeFile applies the TOML text of file to c, in file order. It returns
// the keys the file set, or an *Error for the first syntax error, unknown key
// or value of the wrong type. Values are checked for range later, once every layer is merged.
func decodeFile(c *Config, file, text string) (set []string, err error) {
	var raw map[string]any
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, syntaxError(file, err)
	}
	for _, key := range md.Keys() {
		dotted := key.String()
		fail := func(kind ErrorKind, detail string) error {
			return &Error{Kind: kind, File: file, Line: keyLine(text, key), Key: dotted, Detail: detail}
		}
		switch len(key) {
		case 1:
			if !isSection(key[0]) {
				return nil, fail(ErrUnknownKey, suggest(key[0], sections))
			}
			if md.Type(key...) != "Hash" {
				return nil, fail(ErrBadValue, fmt.Sprintf("must be a table ([%s]), not %s", key[0], typeName(md.Type(key...))))
			}
		case 2:
			s, ok := lookup(dotted)
			if !ok {
				return nil, fail(ErrUnknownKey, suggest(dotted, keysIn(key[0])))
			}
			v := raw[key[0]].(map[string]any)[key[1]]
			if err := setTOML(s.field(c), v, md.Type(key...)); err != nil {
				return nil, fail(ErrBadValue, err.Error())
			}
			set = append(set, dotted)
		default:
			return nil, fail(ErrUnknownKey, "")
		}
	}
	return set, nil
}

// syntaxError converts the TOML parser's error into an *Error with the line.
func syntaxError(file string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{Kind: ErrSyntax, File: file, Line: pe.Position.Line, Detail: "TOML syntax error: " + pe.Message}
	}
	return &Error{Kind: ErrSyntax, File: file, Detail: "TOML syntax error: " + err.Error()}
}

// keysIn returns the dotted keys of a table.
func keysIn(section string) []string {
	var out []string
	for _, s := range settings {
		if s.section() == section {
			out = append(out, s.key)
		}
	}
	return out
}

// probe fails whenever the TOML decoder hands it a value; the decoder then
// reports the line of the key it was decoding.
type probe struct{}

// UnmarshalTOML implements toml.Unmarshaler.
func (*probe) UnmarshalTOML(any) error { return errors.New("probe") }

// keyLine returns the line of key in the TOML text, 0 if it cannot be found.
// The TOML library keeps key positions private but puts them in its errors,
// so keyLine decodes the text into a struct whose only field, at the path of
// key, always fails.
func keyLine(text string, key toml.Key) int {
	t := reflect.TypeOf(probe{})
	for i := len(key) - 1; i >= 0; i-- {
		if strings.ContainsAny(key[i], `,"`) {
			return 0 // cannot be expressed as a struct tag
		}
		t = reflect.StructOf([]reflect.StructField{{
			Name: "F",
			Type: t,
			Tag:  reflect.StructTag(fmt.Sprintf(`toml:%q`, key[i])),
		}})
	}
	_, err := toml.Decode(text, reflect.New(t).Interface())
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Position.Line
	}
	return 0
}
