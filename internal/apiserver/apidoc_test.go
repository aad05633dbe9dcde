package apiserver

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
)

const apiDocPath = "../../docs/api.md"

// TestAPIDocCommitted keeps docs/api.md identical to the Markdown of the
// served OpenRPC document. After changing a method or apidoc.go, run
// go test ./internal/apiserver -run 'OpenRPCCommitted|APIDocCommitted' -update.
func TestAPIDocCommitted(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	md, err := Markdown(doc)
	if err != nil {
		t.Fatal(err)
	}
	checkAPIDoc(t, string(md))
	if *update {
		if err := os.WriteFile(apiDocPath, md, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(apiDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(md, committed) {
		t.Fatal("docs/api.md differs from the generated reference: run go test ./internal/apiserver -run 'OpenRPCCommitted|APIDocCommitted' -update")
	}
}

// checkAPIDoc checks that the reference covers every method, topic and
// error code that package api declares.
func checkAPIDoc(t *testing.T, md string) {
	t.Helper()
	methods := apiConsts(t, "../../api/methods.go", "Method")
	if len(methods) < 20 {
		t.Fatalf("found only %d method constants in api/methods.go", len(methods))
	}
	for name, v := range methods {
		if !strings.Contains(md, "\n### "+v+"\n") {
			t.Errorf("docs/api.md has no section for %s (%s)", v, name)
		}
		if !strings.Contains(md, "[`"+v+"`](#"+anchor(v)+")") {
			t.Errorf("the method index lacks %s", v)
		}
	}
	for _, topic := range api.Topics {
		if !strings.Contains(md, "| `"+topic+"` |") {
			t.Errorf("the topic table lacks %s", topic)
		}
	}
	codes := apiConsts(t, "../../api/errors.go", "Code")
	if len(codes) < 20 {
		t.Fatalf("found only %d error codes in api/errors.go", len(codes))
	}
	for name, v := range codes {
		if !strings.Contains(md, "\n| "+v+" | `"+name+"` |") {
			t.Errorf("the error table lacks %s (%s): add it to apiErrors", name, v)
		}
	}
}

// apiConsts returns the constants of a file of package api whose names
// start with prefix, by name, with their values as written (strings
// unquoted).
func apiConsts(t *testing.T, path, prefix string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, prefix) || i >= len(vs.Values) {
					continue
				}
				out[n.Name] = constText(t, vs.Values[i])
			}
		}
	}
	return out
}

func constText(t *testing.T, e ast.Expr) string {
	t.Helper()
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind == token.STRING {
			s, err := strconv.Unquote(v.Value)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		return v.Value
	case *ast.UnaryExpr:
		return v.Op.String() + constText(t, v.X)
	}
	t.Fatalf("unexpected constant expression %T", e)
	return ""
}

func TestMarkdownRendering(t *testing.T) {
	doc := []byte(`{"openrpc":"1.2.6","info":{"title":"T","version":"9.9.9"},"methods":[
	 {"name":"zed.ping","summary":"Pings","params":[{"name":"n","required":true,"description":"a | b","schema":{"type":"integer","minimum":1}}],
	  "result":{"name":"r","schema":{"type":"object","properties":{
	    "z":{"type":"string"},
	    "a":{"type":"array","items":{"type":"object","properties":{"k":{"enum":["x","y"]},"deep":{"type":"object","properties":{"q":{"type":"boolean"}}}},"required":["k"]}}},
	   "required":["z"]}},
	  "errors":[{"code":-32018,"message":"not found"}]},
	 {"name":"node.status","summary":"Status.","params":[],"result":{"name":"ok","schema":{"type":"boolean"}}}]}`)
	md, err := Markdown(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	for _, want := range []string{
		"version 9.9.9 of the API",
		"| `n` | integer ≥ 1 | yes | a \\| b |",
		"| `z` | string |\n",
		"| `a` | array of object, optional |",
		"| `a[].k` | one of `\"x\"`, `\"y\"` |",
		"| `a[].deep` | object {q}, optional |",
		"**Result:** boolean (`ok`).",
		"| -32018 | not found |",
		"\n### rpc.discover\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Known namespaces first, then others, then the built-ins.
	node, zed, discover := strings.Index(s, "\n### node.status"), strings.Index(s, "\n### zed.ping"), strings.Index(s, "\n### rpc.discover")
	if !(node < zed && zed < discover) {
		t.Errorf("sections out of order: node %d, zed %d, rpc.discover %d", node, zed, discover)
	}
	if strings.Contains(s, "´") || strings.Contains(s, "{{") || strings.Contains(s, "\n\n\n") || strings.Contains(s, " \n") {
		t.Error("output has a stand-in backquote, a placeholder, a double blank line or a trailing space")
	}
	again, _ := Markdown(doc)
	if !bytes.Equal(md, again) {
		t.Error("output is not deterministic")
	}
	if _, err := Markdown([]byte(`{`)); err == nil {
		t.Error("no error for a broken document")
	}
}
