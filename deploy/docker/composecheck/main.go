// composecheck loads compose files the way `docker compose config` does
// (the Compose specification's JSON schema, interpolation, YAML merge keys,
// profiles) with the Compose project's own loader, for machines without
// Docker Compose. Usage: composecheck FILE...; exit 1 on the first error.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: composecheck FILE...")
		os.Exit(2)
	}
	for _, file := range os.Args[1:] {
		opts, err := cli.NewProjectOptions([]string{file},
			cli.WithWorkingDirectory(filepath.Dir(file)),
			cli.WithProfiles([]string{"*"}),
			cli.WithName("composecheck"))
		if err == nil {
			var project interface{ ServiceNames() []string }
			project, err = opts.LoadProject(context.Background())
			if err == nil {
				fmt.Printf("%s: valid, services %v\n", file, project.ServiceNames())
				continue
			}
		}
		fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
		os.Exit(1)
	}
}
