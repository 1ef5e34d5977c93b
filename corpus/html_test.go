package corpus

import (
	"slices"
	"strings"
	"testing"
)

// newsPage is a hand-made article page with the usual chrome: a menu in the
// header, a byline, a figure, a share bar, a newsletter box, related links,
// a sidebar and a footer, and its metadata in the head.
const newsPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Baku blames Moscow for hack | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Baku blames Moscow for hack | The Daily Example">
<meta property="og:url" content="https://example.com/news/baku-hack">
<link rel="canonical" href="https://example.com/news/baku-hack">
<meta property="article:published_time" content="2025-05-02T23:30:00-05:00">
<meta name="author" content="Jane Doe">
<meta property="article:author" content="https://www.facebook.com/janedoe">
<script>var html = "<p>This is not the article, it is a script.</p>";</script>
<style>p { color: red }</style>
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav></header>
<div class="layout">
<main>
<article class="story">
<h1>Baku blames Moscow for hack</h1>
<p class="byline">By Jane Doe, May 2, 2025</p>
<figure><img src="x.jpg" alt="parliament"><figcaption>The parliament building in Baku, where the report was read.</figcaption></figure>
<p>Azerbaijan's parliament said on Friday that a Russian group was behind the February attack on its media, in a report read to lawmakers.</p>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>The attack, on Feb. 20, took down the websites of several news agencies for hours, officials said.</p>
<h2>What happened next</h2>
<p>Investigators traced the intrusion to servers used by <a href="/apt29">APT29</a>, a group widely linked to Russian intelligence.</p>
<ul><li>Report.Az was offline for six hours.</li><li>Baku TV lost its archive.</li></ul>
<p>Moscow has not commented on the accusation.</p>
<div class="newsletter-signup"><p>Sign up for our newsletter to get the news first, every morning in your inbox.</p></div>
<p hidden>A paragraph the page hides from readers, which must not be quoted either.</p>
</article>
<section class="related"><h3>Related stories</h3><ul><li><a href="/a">Story one about something else entirely</a></li><li><a href="/b">Another story that is not this one</a></li></ul></section>
</main>
<aside><p>Most read: something else happened somewhere, and many people read about it today.</p></aside>
</div>
<footer><p>© 2025 The Daily Example. All rights reserved.</p></footer>
</body>
</html>`

func TestExtractHTML(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		paras []string
		meta  Meta
	}{
		{
			name: "article page with chrome and head metadata",
			in:   newsPage,
			paras: []string{
				"Azerbaijan's parliament said on Friday that a Russian group was behind the February attack on its media, in a report read to lawmakers.",
				"The attack, on Feb. 20, took down the websites of several news agencies for hours, officials said.",
				"What happened next",
				"Investigators traced the intrusion to servers used by APT29, a group widely linked to Russian intelligence.",
				"Report.Az was offline for six hours.",
				"Baku TV lost its archive.",
				"Moscow has not commented on the accusation.",
			},
			meta: Meta{Title: "Baku blames Moscow for hack", Outlet: "The Daily Example", Author: "Jane Doe",
				Published: date(2025, 5, 2), URL: "https://example.com/news/baku-hack"},
		},
		{
			name: "JSON-LD metadata and mainEntityOfPage, title suffix, no article element, link-dense list",
			in: `<html><head><title>Port strike enters second week - Harbour Post</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
{"@type":"NewsArticle","headline":"Port strike enters second week","datePublished":"2025-03-04T08:00:00+01:00",
"author":[{"@type":"Person","name":"Ana Silva"},{"@type":"Person","name":"Tom Berg"}],
"publisher":{"@type":"Organization","name":"Harbour Post"},
"mainEntityOfPage":{"@type":"WebPage","@id":"https://harbour.example/news/port-strike-week-2"}}]}</script>
<meta property="og:url" content="https://harbour.example/"></head>
<body><div id="menu"><a href="/">Home</a> | <a href="/news">News</a></div>
<div class="col">
<div class="text">Dock workers stayed off the job for an eighth day on Monday, the union said.<br><br>
Talks with the port authority will resume on Thursday, a spokesman said, after a week without progress.</div>
<div class="tags"><a href="/t/port">Port</a>, <a href="/t/strike">Strike</a>, <a href="/t/unions">Unions</a>, <a href="/t/economy">Economy</a></div>
</div></body></html>`,
			paras: []string{
				"Dock workers stayed off the job for an eighth day on Monday, the union said.",
				"Talks with the port authority will resume on Thursday, a spokesman said, after a week without progress.",
			},
			meta: Meta{Title: "Port strike enters second week", Outlet: "Harbour Post", Author: "Ana Silva, Tom Berg",
				Published: date(2025, 3, 4), URL: "https://harbour.example/news/port-strike-week-2"}, // not og:url, the home page
		},
		{
			name: "only a title and a time element",
			in: `<html><head><title>Flood warning for the valley | Valley News</title></head><body><main>
<p><time datetime="2025-01-09">Jan 9</time></p>
<p>The river is expected to burst its banks overnight, the weather service warned on Thursday.</p>
<p>Residents of low-lying streets were told to move their cars to higher ground.</p></main></body></html>`,
			paras: []string{
				"The river is expected to burst its banks overnight, the weather service warned on Thursday.",
				"Residents of low-lying streets were told to move their cars to higher ground.",
			},
			meta: Meta{Title: "Flood warning for the valley", Outlet: "Valley News", Published: date(2025, 1, 9)},
		},
		{
			name: "no text",
			in:   `<html><body><nav><a href="/">Home</a></nav><script>x()</script></body></html>`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paras, meta := extract(HTML, tc.in)
			if !slices.Equal(paras, tc.paras) {
				t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(paras, "\n"), strings.Join(tc.paras, "\n"))
			}
			if meta != tc.meta {
				t.Errorf("meta\n got %+v\nwant %+v", meta, tc.meta)
			}
		})
	}
}

func TestSkipElement(t *testing.T) {
	for _, tc := range []struct {
		in   string
		skip bool
	}{
		{`<div class="share-bar">`, true},
		{`<div class="article-content share-enabled">`, false}, // names content too
		{`<div id="sidebar">`, true},
		{`<div role="navigation">`, true},
		{`<div style="display: none">`, true},
		{`<div aria-hidden="true">`, true},
		{`<div class="headline">`, false}, // "ad" only as a whole word
		{`<section class="story-body">`, false},
	} {
		paras, _ := extract(HTML, "<html><body>"+tc.in+
			"<p>The council met on Monday and approved the new budget for the city schools.</p></div></body></html>")
		if skipped := len(paras) == 0; skipped != tc.skip {
			t.Errorf("%s: skipped %v, want %v", tc.in, skipped, tc.skip)
		}
	}
}
