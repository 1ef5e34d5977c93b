package corpus

// A Markdown article may start with a YAML front matter, as static site
// generators write it:
//
//	---
//	title: Azerbaijani lawmaker blames Russia for February cyberattack
//	outlet: The Kyiv Independent      # or site:, publisher:
//	author: News desk                 # or a list under authors:
//	date: 2025-05-02                  # or published:
//	url: https://kyivindependent.com/...   # or link:
//	lang: en                          # or language:
//	---
//	The article's Markdown...
//
// The block opens with a line "---" at the very start of the file and
// closes with the next line "---" (or "..."). Other keys (tags, draft...)
// are ignored.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseFrontMatter splits a Markdown article into the metadata of its YAML
// front matter and the body after it. Without a front matter it returns an
// empty Meta and content unchanged. A front matter that is not closed, is
// not valid YAML, or has a value that cannot be read (a date, a language
// code, a list where text is wanted) is reported as a *LoadError whose Line
// is the line of content at fault and whose Path is empty, for the caller
// to fill.
func ParseFrontMatter(content string) (Meta, string, error) {
	s := strings.TrimPrefix(content, utf8BOM)
	first, rest, found := strings.Cut(s, "\n")
	if !found || !isFence(first, "---") {
		return Meta{}, content, nil
	}
	yamlEnd, bodyStart := -1, -1
	for off := 0; off < len(rest); {
		line, _, _ := strings.Cut(rest[off:], "\n")
		next := off + len(line) + 1
		if isFence(line, "---") || isFence(line, "...") {
			yamlEnd, bodyStart = off, min(next, len(rest))
			break
		}
		off = next
	}
	if yamlEnd < 0 {
		return Meta{}, "", &LoadError{Line: 1,
			Err: errors.New(`front matter opened with "---" is never closed by a "---" line`)}
	}
	meta, err := readFrontMatter(rest[:yamlEnd])
	if err != nil {
		return Meta{}, "", err
	}
	return meta, rest[bodyStart:], nil
}

// isFence reports whether line is the fence, give or take trailing spaces
// and a carriage return.
func isFence(line, fence string) bool {
	return strings.TrimRight(line, " \t\r") == fence
}

// fmLine turns line n of the YAML block, as yaml.v3 counts lines, into a
// line of the file as editors count them: the block starts on line 2, after
// the opening "---", and n = 0 (unknown) gives the opening line. YAML also
// breaks lines at a lone "\r" and at U+0085, U+2028 and U+2029, which
// editors need not, so the two counts can differ.
func fmLine(block string, n int) int {
	if n < 1 {
		return 1
	}
	y, f := 1, 1 // lines of the block: as YAML counts, as editors count
	for i := 0; i < len(block) && y < n; {
		switch {
		case strings.HasPrefix(block[i:], "\r\n"):
			y, f, i = y+1, f+1, i+2
		case block[i] == '\n':
			y, f, i = y+1, f+1, i+1
		case block[i] == '\r':
			y, i = y+1, i+1
		case strings.HasPrefix(block[i:], "\u0085"):
			y, i = y+1, i+len("\u0085")
		case strings.HasPrefix(block[i:], "\u2028"), strings.HasPrefix(block[i:], "\u2029"):
			y, i = y+1, i+len("\u2028")
		default:
			i++
		}
	}
	return f + 1
}

// readFrontMatter reads the metadata keys of a YAML block.
func readFrontMatter(block string) (Meta, error) {
	var doc yaml.Node
	if err := unmarshalYAML(block, &doc); err != nil {
		return Meta{}, yamlError(block, err)
	}
	var m Meta
	if len(doc.Content) == 0 { // only comments, or nothing
		return m, nil
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return m, nil
		}
		return m, &LoadError{Line: fmLine(block, root.Line),
			Err: errors.New("front matter must be \"key: value\" lines, such as \"title: ...\"")}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := resolve(root.Content[i]), resolve(root.Content[i+1])
		name := strings.ToLower(strings.TrimSpace(key.Value))
		var dst *string
		switch name {
		case "title":
			dst = &m.Title
		case "outlet", "site", "publisher":
			dst = &m.Outlet
		case "author", "authors":
			dst = &m.Author
		case "url", "link":
			dst = &m.URL
		case "date", "published", "lang", "language":
		default:
			continue
		}
		text, err := scalarText(val, dst == &m.Author)
		if err != nil {
			return m, &LoadError{Line: fmLine(block, val.Line), Field: key.Value, Err: err}
		}
		switch {
		case text == "":
			continue
		case dst != nil:
			if *dst == "" {
				*dst = text
			}
		case name == "date" || name == "published":
			if m.Published.IsZero() {
				if m.Published, err = parseDate(text); err != nil {
					return m, &LoadError{Line: fmLine(block, val.Line), Field: key.Value, Err: err}
				}
			}
		default: // lang, language
			if m.Lang == "" {
				if m.Lang, err = langCode(text); err != nil {
					return m, &LoadError{Line: fmLine(block, val.Line), Field: key.Value, Err: err}
				}
			}
		}
	}
	return m, nil
}

// unmarshalYAML parses block into n. A panic in the parser (yaml.v3 had
// several on odd input) becomes an error: one strange file must not stop
// the loading of a folder.
func unmarshalYAML(block string, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	return yaml.Unmarshal([]byte(block), n)
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// scalarText returns the text of a scalar value, "" for null; with list
// true, a list of scalars (several authors) is joined with ", ".
func scalarText(n *yaml.Node, list bool) (string, error) {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "", nil
	case n.Kind == yaml.ScalarNode:
		return strings.TrimSpace(n.Value), nil
	case n.Kind == yaml.SequenceNode && list:
		parts := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			c = resolve(c)
			if c.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("want a list of names, got a %s in it", kindName(c.Kind))
			}
			if v := strings.TrimSpace(c.Value); v != "" && c.Tag != "!!null" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, ", "), nil
	}
	return "", fmt.Errorf("want text, got a %s", kindName(n.Kind))
}

// kindName names a YAML node kind for error messages.
func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping (key: value lines)"
	}
	return "value of another kind"
}

// yamlParserProblems start the messages of yaml.v3's parser, as opposed to
// its scanner. The two count lines differently (see yamlError).
var yamlParserProblems = []string{
	"did not find expected <document start>", "did not find expected node content",
	"did not find expected key", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found undefined tag handle", "found duplicate %", "found incompatible YAML document",
}

// yamlError turns the error yaml.v3 gave for block ("yaml: line 3: did not
// find expected key") into a *LoadError with the line in the file.
//
// yaml.v3 does not count lines one way: a scanner error names the 1-based
// line of the fault (or of the construct it is in); a parser error names
// the 0-based line of the construct it is in (the list that is not closed),
// except on the first line, where it names another mark or none. So the
// block is parsed again after a comment line, which puts every construct
// past line 0: then a parser error's number is the construct's 1-based line
// in block, and a scanner error's is one more than the fault's.
func yamlError(block string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0 // unknown
	var padded yaml.Node
	if perr := unmarshalYAML("#\n"+block, &padded); perr != nil {
		if rest, ok := strings.CutPrefix(strings.TrimPrefix(perr.Error(), "yaml: "), "line "); ok {
			num, text, _ := strings.Cut(rest, ": ")
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n-1, text
				for _, p := range yamlParserProblems {
					if strings.HasPrefix(text, p) {
						line = n
					}
				}
			}
		}
	}
	return &LoadError{Line: fmLine(block, line), Err: fmt.Errorf("front matter is not valid YAML: %s", msg)}
}
