package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// setText stores a flag or environment value, given as text, in the field ptr
// points to. Lists are comma-separated; durations use time.ParseDuration
// syntax ("1s", "250ms").
func setText(ptr any, text string) error {
	switch p := ptr.(type) {
	case *string:
		*p = strings.TrimSpace(text)
	case *[]string:
		*p = splitList(text)
	case *bool:
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return fmt.Errorf("%q is not a boolean (true or false)", text)
		}
		*p = b
	case *int64:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", text)
		}
		*p = n
	case *time.Duration:
		d, err := parseDuration(text)
		if err != nil {
			return err
		}
		*p = d
	default:
		return fmt.Errorf("internal error: unsupported field type %T", ptr)
	}
	return nil
}

// setTOML stores a decoded TOML value in the field ptr points to. tomlType is
// the TOML type name, for messages.
func setTOML(ptr any, v any, tomlType string) error {
	switch p := ptr.(type) {
	case *string:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string, not %s", typeName(tomlType))
		}
		*p = s
	case *[]string:
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("must be an array of strings, not %s", typeName(tomlType))
		}
		out := make([]string, 0, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("element %d must be a string, not %T", i, e)
			}
			out = append(out, s)
		}
		*p = out
	case *bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("must be true or false, not %s", typeName(tomlType))
		}
		*p = b
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("must be a whole number, not %s", typeName(tomlType))
		}
		*p = n
	case *time.Duration:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a duration string such as \"1s\" or \"500ms\", not %s", typeName(tomlType))
		}
		d, err := parseDuration(s)
		if err != nil {
			return err
		}
		*p = d
	default:
		return fmt.Errorf("internal error: unsupported field type %T", ptr)
	}
	return nil
}

// parseDuration parses a Go duration string.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"1s\" or \"500ms\"", s)
	}
	return d, nil
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// typeName turns the TOML library's type names into words for messages.
func typeName(t string) string {
	switch t {
	case "Integer":
		return "an integer"
	case "Float":
		return "a number"
	case "Bool":
		return "a boolean"
	case "String":
		return "a string"
	case "Array":
		return "an array"
	case "Hash":
		return "a table"
	case "ArrayHash":
		return "an array of tables"
	case "Datetime", "DatetimeLocal", "DateLocal", "TimeLocal":
		return "a date/time"
	}
	return strings.ToLower(t)
}
