package intake

import (
	"reflect"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsdesk/newsdesk/corpus"
)

func TestItemSource(t *testing.T) {
	const feedURL = "https://news.example/rss"
	site := &gofeed.Feed{Title: "  Example News ", Link: "https://news.example/", Language: "en-US"}
	untitled := &gofeed.Feed{Link: "https://www.news.example/home"}
	long := "The regional parliament voted on Tuesday to extend the night train service to the coast for another three years, after a trial that carried more passengers than expected."
	date := time.Date(2025, 5, 1, 23, 30, 0, 0, time.FixedZone("", -5*3600)) // 2 May in UTC
	tests := []struct {
		name string
		fd   *gofeed.Feed
		it   gofeed.Item
		want corpus.Source
	}{
		{"content wins over description, HTML", site,
			gofeed.Item{Title: "Night train", Link: "https://news.example/a", GUID: "g1", Description: "short", Content: "<p>" + long + "</p>",
				PublishedParsed: &date, Authors: []*gofeed.Person{nil, {Email: "desk@news.example"}}},
			corpus.Source{Origin: "https://news.example/a", Format: corpus.HTML, Content: "<p>" + long + "</p>",
				Meta: corpus.Meta{Title: "Night train", URL: "https://news.example/a", Outlet: "Example News", Author: "desk@news.example",
					Published: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}}},
		{"plain description, relative link, updated date, language from the feed when the text is short", site,
			gofeed.Item{Title: "Brief", Link: "/b?x=1", Description: "Trains run late.", UpdatedParsed: &date,
				Authors: []*gofeed.Person{{Name: " Ana Ruiz ", Email: "ana@news.example"}}},
			corpus.Source{Origin: "https://news.example/b?x=1", Format: corpus.Text, Content: "Trains run late.",
				Meta: corpus.Meta{Title: "Brief", URL: "https://news.example/b?x=1", Outlet: "Example News", Author: "Ana Ruiz",
					Published: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Lang: "en"}}},
		{"a < in text is not a tag; GUID as origin; outlet from the site's host", untitled,
			gofeed.Item{GUID: "urn:x:1", Description: "Fares rise by < 2% " + long},
			corpus.Source{Origin: "urn:x:1", Format: corpus.Text, Content: "Fares rise by < 2% " + long,
				Meta: corpus.Meta{Outlet: "news.example"}}},
		{"no link, no GUID: origin names the feed and the item's hash; invalid UTF-8 mended", &gofeed.Feed{},
			gofeed.Item{Title: "T", Description: "caf\xe9 " + long},
			corpus.Source{Origin: feedURL + "#" + itemKey(&gofeed.Item{Title: "T", Description: "caf\xe9 " + long}), Format: corpus.Text,
				Content: "caf\uFFFD " + long, Meta: corpus.Meta{Title: "T", Outlet: "news.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := itemSource(feedURL, tt.fd, &tt.it)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("itemSource =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestItemKey(t *testing.T) {
	a := &gofeed.Item{Title: "A", Published: "Mon, 05 May 2025", Description: "text"}
	tests := []struct {
		it   *gofeed.Item
		want string
	}{
		{&gofeed.Item{GUID: " g-1 ", Link: "https://x.example/1"}, "guid:g-1"},
		{&gofeed.Item{Link: "https://x.example/1"}, "link:https://x.example/1"},
		{a, itemKey(&gofeed.Item{Title: "A", Published: "Mon, 05 May 2025", Description: "text"})},
	}
	for _, tt := range tests {
		if got := itemKey(tt.it); got != tt.want {
			t.Errorf("itemKey(%+v) = %q, want %q", tt.it, got, tt.want)
		}
	}
	if itemKey(a) == itemKey(&gofeed.Item{Title: "B", Published: a.Published, Description: a.Description}) {
		t.Error("two items without GUID or link that differ have the same key")
	}
}

func TestLangCode(t *testing.T) {
	for in, want := range map[string]string{"en-us": "en", "de_DE": "de", " FR ": "fr", "english": "", "": "", "e1": "", "x-klingon": ""} {
		if got := langCode(in); got != want {
			t.Errorf("langCode(%q) = %q, want %q", in, got, want)
		}
	}
}
