// Package lint holds repository-wide checks that run as ordinary Go tests:
// every package in the module must carry a package doc comment.
package lint
