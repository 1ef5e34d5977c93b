package corpus

// Temporary stand-ins so the package builds while the real pieces are
// written; each is replaced by its own file (clean.go, split.go, lang.go,
// dup.go) and this file deleted.

import (
	"strings"
)

func extract(f Format, content string) ([]string, Meta) {
	var paras []string
	for _, l := range strings.Split(content, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	return paras, Meta{}
}
