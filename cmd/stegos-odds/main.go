// Command stegos-odds prints what a validator can expect from a network's
// rewards: its yearly stake rewards and expected Validator Service Award,
// and its chance of winning the award at least once in a year, from the
// network's parameters (docs/economics.md §5). With -svg it also writes
// the chart of docs/economics.md.
//
//	go run ./cmd/stegos-odds -svg docs/award-odds.svg
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/stegos-go/stegos/internal/awardodds"
	"github.com/stegos-go/stegos/params"
)

func main() {
	network := flag.String("network", "mainnet", "network whose parameters to use: mainnet, testnet or dev")
	svg := flag.String("svg", "", "also write the chart to this SVG file")
	flag.Parse()
	if err := run(*network, *svg); err != nil {
		fmt.Fprintln(os.Stderr, "stegos-odds:", err)
		os.Exit(1)
	}
}

func run(network, svg string) error {
	p, err := params.ByName(network)
	if err != nil {
		return err
	}
	m := awardodds.New(p)
	if err := m.WriteText(os.Stdout); err != nil {
		return err
	}
	if svg == "" {
		return nil
	}
	return os.WriteFile(svg, m.SVG(), 0o644)
}
