package corpus

import (
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestFindDates(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time // zero: no date
	}{
		{"by The Kyiv Independent news desk May 2, 2025 8:27 PM 2 min read", date(2025, 5, 2)},
		{"21 February 2025 18:17", date(2025, 2, 21)},
		{"Feb. 20, 2025", date(2025, 2, 20)},
		{"Published on the 3rd of March 2024", date(2024, 3, 3)},
		{"2 мая 2025 г., 14:05", date(2025, 5, 2)},
		{"21 лютого 2025", date(2025, 2, 21)},
		{"2025-05-02T10:00:00Z", date(2025, 5, 2)},
		{"02.05.2025", date(2025, 5, 2)},
		{"February 30, 2025", time.Time{}},     // no such day
		{"on June 6", time.Time{}},             // no year
		{"20 February this year", time.Time{}}, // no year
		{"02/05/2025", time.Time{}},            // May 2 or February 5: not guessed
		{"Flight J2-8243 killed 38 people", time.Time{}},
	} {
		ds := findDates(tc.in)
		var got time.Time
		if len(ds) > 0 {
			got = ds[0].t
		}
		if !got.Equal(tc.want) {
			t.Errorf("findDates(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestIsDateOnly(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Saturday, September 27, 2025", true},
		{"5:03 PM", true},
		{"18:17", true},
		{"Updated: May 2, 2025, 10:15 GMT", true},
		{"21 February 2025 18:17", true},
		{"On May 2, 2025 the parliament met.", false},
		{"Views: 406", false},
		{"Europe", false},
	} {
		if got := isDateOnly(tc.in); got != tc.want {
			t.Errorf("isDateOnly(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseByline(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want byline
		ok   bool
	}{
		{"by The Kyiv Independent news desk May 2, 2025 8:27 PM 2 min read",
			byline{outlet: "The Kyiv Independent", date: date(2025, 5, 2)}, true},
		{"By Aghakazim Guliyev", byline{author: "Aghakazim Guliyev"}, true},
		{"By Jane Doe and John Smith | 3 May 2025",
			byline{author: "Jane Doe and John Smith", date: date(2025, 5, 3)}, true},
		{"By Reuters staff", byline{outlet: "Reuters"}, true},
		{"By Ludwig van Beethoven, 12.01.2024", byline{author: "Ludwig van Beethoven", date: date(2024, 1, 12)}, true},
		{"By the end of the year the plant will close.", byline{}, false},
		{"Author: Анна Иванова", byline{author: "Анна Иванова"}, true},
		{"By Anna Visser, labour economist", byline{author: "Anna Visser"}, true},
		{"(Reporting by Jan de Wit; editing by Femke Mulder)", byline{author: "Jan de Wit"}, true},
		{"(Reporting by Jan de Wit and Tom Smith)", byline{author: "Jan de Wit and Tom Smith"}, true},
	} {
		got, ok := parseByline(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseByline(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCopyrightOutlet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Caliber.az © 2025. .", "Caliber.az"},
		{"© 2025 The Daily Example. All rights reserved.", "The Daily Example"},
		{"Copyright 2019–2025 Example Media Ltd", "Example Media Ltd"},
		{"(c) 2024 Baku Post", "Baku Post"},
		{"© 2025. All rights reserved. Reproduction of materials is allowed only with a link to the source.", ""},
		{"The company said it holds the copyright.", ""},
	} {
		got, _ := copyrightOutlet(tc.in)
		if got != tc.want {
			t.Errorf("copyrightOutlet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSiteOf: a Read-more line names the outlet, and the article's link
// only when it gives one; an outlet's home page is no article link.
func TestSiteOf(t *testing.T) {
	for _, tc := range []struct{ in, outlet, url string }{
		{"Read More @ kyivindependent.com", "kyivindependent.com", ""}, // the site, not the article
		{"Source: https://www.example.com/news/a-story", "example.com", "https://www.example.com/news/a-story"},
		{"Originally published at Example.org.", "Example.org", ""},
		{"Read more about the war", "", ""},
		{"Source: the ministry", "", ""},
	} {
		outlet, url, _ := siteOf(tc.in)
		if outlet != tc.outlet || url != tc.url {
			t.Errorf("siteOf(%q) = %q, %q; want %q, %q", tc.in, outlet, url, tc.outlet, tc.url)
		}
	}
}

// TestInferMeta reads metadata from whole plain-text pages.
func TestInferMeta(t *testing.T) {
	body := "The city council approved a new budget for its schools on Monday, after a long debate.\n\n" +
		"The vote was seven to two, and the mayor said she would sign the budget this week.\n\n"
	for _, tc := range []struct {
		name string
		in   string
		want Meta
	}{
		{
			name: "today's date above the headline is the site's, not the article's",
			in:   "Home\n\nMonday, March 3, 2025\n\nCouncil approves new school budget\n\n" + body,
			want: Meta{Title: "Council approves new school budget"},
		},
		{
			name: "date under the headline is the article's",
			in:   "Monday, March 3, 2025\n\nCouncil approves new school budget\n\n24 February 2025 10:05\n\n" + body,
			want: Meta{Title: "Council approves new school budget", Published: date(2025, 2, 24)},
		},
		{
			name: "without a headline a date with no time is not trusted",
			in:   "News\n\nMonday, March 3, 2025\n\n" + body,
			want: Meta{},
		},
		{
			name: "a wire credit after the article names the reporter",
			in:   "Council approves new school budget\n\n" + body + "(Reporting by Jan de Wit; editing by Femke Mulder)\n",
			want: Meta{Title: "Council approves new school budget", Author: "Jan de Wit"},
		},
		{
			name: "a byline with a role",
			in:   "Council approves new school budget\n\nBy Anna Visser, labour economist\n\n" + body,
			want: Meta{Title: "Council approves new school budget", Author: "Anna Visser"},
		},
		{
			name: "byline after the article, signature and copyright",
			in: "Council approves new school budget\n" + body + "By Maria Lopez\n\nExample.News\n\nViews: 12\n\n" +
				"© 2025 Example News Group\n",
			want: Meta{Title: "Council approves new school budget", Author: "Maria Lopez",
				Outlet: "Example.News"}, // a home page is no article link
		},
		{
			name: "copyright names the outlet when nothing closer does",
			in:   "Council approves new school budget\n\n" + body + "© 2025 Example News Group. All rights reserved.\n",
			want: Meta{Title: "Council approves new school budget", Outlet: "Example News Group"},
		},
		{
			name: "Markdown heading is the headline, desk byline the outlet",
			in:   "# Council approves new school budget\n\n*By The Example Times news desk*\n\n" + body,
			want: Meta{Title: "Council approves new school budget", Outlet: "The Example Times"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Text
			if tc.in[0] == '#' {
				f = Markdown
			}
			_, got := extract(f, tc.in)
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestExplicitMetaWins checks that what a source states is kept over what
// cleaning infers.
func TestExplicitMetaWins(t *testing.T) {
	src := Source{Origin: "a.txt", Format: Text,
		Content: "Council approves new school budget\n\nBy Maria Lopez\n\n" +
			"The city council approved a new budget for its schools on Monday, after a long debate.\n",
		Meta: Meta{Title: "Budget passes", Published: date(2025, 3, 4)}}
	d, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Budget passes" || !d.Published.Equal(date(2025, 3, 4)) || d.Author != "Maria Lopez" {
		t.Errorf("got title %q, date %v, author %q; want the explicit title and date, the inferred author",
			d.Title, d.Published, d.Author)
	}
}

func TestArticleLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://caliber.az":               "",
		"https://www.example.com/":         "",
		"https://example.com/news/a-story": "https://example.com/news/a-story",
		"https://example.com/?p=42":        "https://example.com/?p=42",
		"":                                 "",
		"::not a url":                      "",
	} {
		if got := articleLink(in); got != want {
			t.Errorf("articleLink(%q) = %q, want %q", in, got, want)
		}
	}
}
