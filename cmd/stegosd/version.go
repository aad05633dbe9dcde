package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	cmtversion "github.com/cometbft/cometbft/version"
	"github.com/spf13/cobra"
)

func newVersionCommand(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the stegosd, Go and CometBFT versions",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(e.stdout, "stegosd  %s\n", moduleVersion())
			fmt.Fprintf(e.stdout, "go       %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
			fmt.Fprintf(e.stdout, "cometbft %s (ABCI %s, block protocol %d, p2p protocol %d)\n",
				cmtversion.TMCoreSemVer, cmtversion.ABCISemVer, cmtversion.BlockProtocol, cmtversion.P2PProtocol)
			return nil
		},
	}
}

// moduleVersion returns the main module's version from the build info, with
// the VCS revision when the build recorded one.
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev + dirty
	}
	return v
}
