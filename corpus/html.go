package corpus

// HTML pages.
//
// A page is parsed with golang.org/x/net/html and read in three steps:
//
//  1. Blocks. The text of the body is cut into paragraphs at block
//     elements (p, h1–h6, li, blockquote, div, td, ...) and at <br>. Parts
//     no article is in are skipped whole: scripts and styles, forms and
//     buttons, nav, header, footer and aside, anything hidden, anything
//     whose ARIA role is navigation, banner, contentinfo or complementary,
//     and anything whose class or id names chrome (menu, share, social,
//     related, newsletter, comments, cookie, advert...) unless it also
//     names content (article, content, story, post, entry, main, body).
//     Each paragraph records how much of its text is inside links.
//  2. The content root, in the manner of Readability: every paragraph of
//     25 runes or more and less than half links gives its parent a score
//     (one, plus its commas, plus one per hundred runes up to three) and
//     its grandparent half of it. The best-scored element is the root; its
//     nearest <article> ancestor replaces it, and so does its parent when a
//     sibling scored at least a quarter as well (the article's text split
//     among several containers). Paragraphs outside the root are dropped.
//  3. The paragraphs of the root go through the same layout as plain text
//     (body.go), where a block mostly of links counts as chrome.
//
// Metadata comes from the head first (htmlmeta.go), then from the text.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is a paragraph of an HTML page and the element it is in.
type block struct {
	para
	node *html.Node // the innermost block element holding the text
}

// extractHTML returns the article paragraphs of an HTML page and its
// metadata.
func extractHTML(content string) ([]string, Meta) {
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil { // only a reader's error; a string reader has none
		return nil, Meta{}
	}
	head := readHead(doc)
	blocks := htmlBlocks(doc)
	root := contentRoot(blocks)
	inRoot := map[*html.Node]bool{root: true}
	if root != nil {
		for n := range root.Descendants() {
			inRoot[n] = true
		}
	}
	var paras []para
	for _, b := range blocks {
		if root == nil || inRoot[b.node] {
			paras = append(paras, b.para)
		}
	}
	pg := layout(paras, head.title)
	m := head.meta(root)
	return pg.body(), m.merge(pg.meta())
}

// blockAtoms are the elements that start a paragraph of their own.
var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true, atom.Caption: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Figcaption: true, atom.Figure: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Li: true,
	atom.Main: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true,
	atom.Tr: true, atom.Ul: true,
}

// skipAtoms are the elements whose text is never article text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Video: true, atom.Audio: true, atom.Form: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Menu: true, atom.Dialog: true, atom.Head: true, atom.Title: true,
}

// chromeRoles are ARIA roles of the parts of a page around an article.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"menu": true, "menubar": true, "dialog": true, "alertdialog": true, "search": true,
}

// chromeTokens are class and id words that name site chrome; contentTokens
// name the article and win over them.
var (
	chromeTokens = map[string]bool{
		"nav": true, "navbar": true, "navigation": true, "menu": true, "breadcrumb": true,
		"breadcrumbs": true, "share": true, "sharing": true, "social": true, "related": true,
		"recommended": true, "newsletter": true, "subscribe": true, "subscription": true,
		"signup": true, "promo": true, "sidebar": true, "comments": true, "comment": true,
		"cookie": true, "cookies": true, "advert": true, "advertisement": true, "ads": true,
		"ad": true, "sponsored": true, "popup": true, "modal": true, "paywall": true,
		"footer": true, "masthead": true, "toolbar": true, "widget": true, "banner": true,
	}
	contentTokens = map[string]bool{
		"article": true, "content": true, "story": true, "post": true, "entry": true,
		"main": true, "body": true, "text": true,
	}
)

// skipElement reports whether an element and all inside it are chrome.
func skipElement(n *html.Node) bool {
	if skipAtoms[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main || n.DataAtom == atom.Article {
		return false
	}
	chrome, content := false, false
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "role":
			if chromeRoles[strings.ToLower(a.Val)] {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		case "class", "id":
			for tok := range strings.FieldsFuncSeq(strings.ToLower(a.Val), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}) {
				chrome = chrome || chromeTokens[tok]
				content = content || contentTokens[tok]
			}
		}
	}
	return chrome && !content
}

// blockWalker cuts a page's text into blocks.
type blockWalker struct {
	out   []block
	text  strings.Builder
	links int // runes of text inside links so far in the current block
	inA   int // depth of open <a> elements
	stack []*html.Node
}

// htmlBlocks returns the paragraphs of a page's body in document order.
func htmlBlocks(doc *html.Node) []block {
	w := &blockWalker{stack: []*html.Node{doc}}
	w.walk(doc)
	w.flush()
	return w.out
}

func (w *blockWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text.WriteString(n.Data)
		if w.inA > 0 {
			w.links += countLetters(n.Data)
		}
		return
	case html.ElementNode:
		if skipElement(n) {
			return
		}
		switch {
		case n.DataAtom == atom.Br:
			w.flush()
			return
		case n.DataAtom == atom.Img:
			return
		case blockAtoms[n.DataAtom]:
			w.flush()
			w.stack = append(w.stack, n)
			defer func() {
				w.flush()
				w.stack = w.stack[:len(w.stack)-1]
			}()
		case n.DataAtom == atom.A:
			w.inA++
			defer func() { w.inA-- }()
		}
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// flush ends the current block.
func (w *blockWalker) flush() {
	t := fold(w.text.String())
	links := w.links
	w.text.Reset()
	w.links = 0
	if t == "" {
		return
	}
	b := block{node: w.stack[len(w.stack)-1]}
	b.text = t
	if n := countLetters(t); n > 0 {
		b.links = float64(links) / float64(n)
	}
	for i := len(w.stack) - 1; i >= 0; i-- {
		switch w.stack[i].DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			b.heading = true
		case atom.Li, atom.Dd:
			b.item = true
		case atom.Figcaption, atom.Figure:
			b.caption = true
		}
	}
	w.out = append(w.out, b)
}

// countLetters counts the letters and digits of s.
func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// contentRoot returns the element holding the article's text, or nil when
// no paragraph says.
func contentRoot(blocks []block) *html.Node {
	scores := make(map[*html.Node]float64)
	var order []*html.Node // scored elements in the order first scored, for ties
	add := func(n *html.Node, s float64) {
		if _, ok := scores[n]; !ok {
			order = append(order, n)
		}
		scores[n] += s
	}
	for _, b := range blocks {
		n := utf8.RuneCountInString(b.text)
		if n < 25 || b.links >= 0.5 || b.heading || b.caption {
			continue
		}
		s := 1 + float64(strings.Count(b.text, ",")) + min(float64(n)/100, 3)
		add(b.node, s)
		if p := b.node.Parent; p != nil {
			add(p, s/2)
		}
	}
	var best *html.Node
	for _, n := range order {
		if best == nil || scores[n] > scores[best] {
			best = n
		}
	}
	if best == nil {
		return nil
	}
	for n := best; n != nil; n = n.Parent {
		if n.DataAtom == atom.Article {
			return n
		}
	}
	if p := best.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Html {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c != best && scores[c] >= scores[best]/4 {
				return p
			}
		}
	}
	return best
}
