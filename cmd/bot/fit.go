package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/qa"
)

// runFit fits the answer model on SQuAD-format files and writes it where
// the qa package embeds it (see qa/fit.go for what is fitted).
func runFit(ctx context.Context, e env, _ config.Config, args []string) error {
	fs := flags("fit", e)
	out := fs.String("out", "qa/model.json", "model `file` to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: name at least one SQuAD-format file", errUsage)
	}
	var data []qa.FitData
	for _, path := range fs.Args() {
		cases, err := qa.ReadSquad(path)
		if err != nil {
			return err
		}
		data = append(data, qa.FitData{Name: filepath.Base(path), Cases: cases})
	}
	m, err := qa.Fit(ctx, data, e.stderr)
	if err != nil {
		return err
	}
	names := make([]string, len(data))
	for i, d := range data {
		names[i] = "../shared/bench/" + d.Name
	}
	m.Command = "go run ./cmd/bot fit " + strings.Join(names, " ")
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", *out)
	return nil
}
