package corpus

import (
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/sample"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenText renders a document as its golden file shows it: the metadata
// fields, a "---" line, then the body, paragraphs separated by blank lines.
func goldenText(d *Document) string {
	var b strings.Builder
	date := ""
	if !d.Published.IsZero() {
		date = d.Published.Format("2006-01-02")
	}
	for _, f := range [][2]string{
		{"title", d.Title}, {"outlet", d.Outlet}, {"author", d.Author},
		{"published", date}, {"url", d.URL}, {"lang", d.Lang},
	} {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("---\n")
	b.WriteString(d.Body)
	b.WriteString("\n")
	return b.String()
}

// TestGolden cleans the five sample articles, and the inputs in
// testdata/golden/in (a hard-wrapped wire story, an earnings table, a wire
// file with its headline in capitals), as `bot inspect` would and compares
// title, outlet, author, date, URL, language and body with
// testdata/golden/<name>.golden. Refresh with -update and review the diff
// against the raw input.
func TestGolden(t *testing.T) {
	n := 0
	seq := func(yield func(Source, error) bool) {
		for src, err := range SourcesFS(sample.FS, sample.Dir) {
			if !yield(src, err) {
				return
			}
		}
		for src, err := range Sources(filepath.Join("testdata", "golden", "in")) {
			if !yield(src, err) {
				return
			}
		}
	}
	for src, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
		name := strings.TrimSuffix(path.Base(src.Origin), path.Ext(src.Origin))
		if _, id, ok := strings.Cut(src.Origin, "#"); ok {
			name = id
		}
		t.Run(name, func(t *testing.T) {
			d, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			got := goldenText(d)
			file := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./corpus -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the cleaned seed:\n--- got\n%s\n--- want\n%s", file, got, want)
			}
		})
	}
	if n != 5+3 {
		t.Errorf("read %d articles, want the 5 of the sample and 3 in testdata/golden/in", n)
	}
}

// TestGoldenNoChrome checks the goldens against the raw seeds
// from the other side: every seed line that the golden body has is there
// whole, and the lines a reader would call chrome are not in any body.
func TestGoldenNoChrome(t *testing.T) {
	chrome := []string{
		"Skip to content", "This audio is created with AI assistance", "Help us reach 20,000 members",
		"Ukraine war latest", "News Feed", "indicates required", "Subscribe", "paywall",
		"Getty Images", "11.8 C", "Saturday, September 27, 2025", "Реклама", "Caliber.az ©",
		"Views:", "Share it on social media", "copy link", "Read More @", "By Aghakazim Guliyev",
		"twitter", "WHAT ARE YOU LOOKING FOR", "US rolls back Assad-era sanctions",
	}
	for src, err := range SourcesFS(sample.FS, sample.Dir) {
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chrome {
			if strings.Contains(d.Body, c) {
				t.Errorf("%s: body keeps chrome %q", src.Origin, c)
			}
		}
		if d.Title != "" && strings.Contains(d.Body, d.Title) {
			t.Errorf("%s: body repeats the headline %q", src.Origin, d.Title)
		}
		var seed strings.Builder // the seed's lines as cleaning folds them
		for l := range strings.SplitSeq(strings.ReplaceAll(src.Content, "**", ""), "\n") {
			seed.WriteString(fold(l) + "\n")
		}
		for p := range strings.SplitSeq(d.Body, "\n\n") {
			if !strings.Contains(seed.String(), p+"\n") {
				t.Errorf("%s: paragraph is not the seed's own text: %q", src.Origin, p)
			}
		}
	}
}

func TestExtractText(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Format
		in   string
		want []string
	}{
		{
			name: "one paragraph a line, headline and byline dropped",
			in: "Home\nWorld\nPolitics\n\nCouncil approves new budget for city schools\nBy Jane Doe\n" +
				"The city council approved a new budget for its schools on Monday, after a long debate.\n" +
				"The vote was seven to two, and the mayor said she would sign it this week.\n",
			want: []string{
				"The city council approved a new budget for its schools on Monday, after a long debate.",
				"The vote was seven to two, and the mayor said she would sign it this week.",
			},
		},
		{
			name: "a long line that stops mid-sentence goes on in lower case",
			in: "Officials said the damage to the bridge was worse than\nexpected after the storm of last week.\n\n" +
				"Repairs will take at least two months, the agency said in a statement.\n",
			want: []string{
				"Officials said the damage to the bridge was worse than expected after the storm of last week.",
				"Repairs will take at least two months, the agency said in a statement.",
			},
		},
		{
			name: "hard-wrapped text is rejoined into paragraphs",
			in: "The harbour authority said on Tuesday that the new terminal would open in\n" +
				"the spring, two years later than planned, because of a dispute with the\n" +
				"contractor over the cost of the foundations.\n\n" +
				"Dock workers, who had been promised new jobs at the terminal, said they\n" +
				"would protest outside the authority's offices on Friday morning.\n",
			want: []string{
				"The harbour authority said on Tuesday that the new terminal would open in the spring, two years later than planned, because of a dispute with the contractor over the cost of the foundations.",
				"Dock workers, who had been promised new jobs at the terminal, said they would protest outside the authority's offices on Friday morning.",
			},
		},
		{
			name: "ad marker and caption inside the article go, subheading stays",
			in: "Flood waters rose across the valley overnight, forcing hundreds of families from their homes.\n\n" +
				"— Advertisement —\n\n" +
				"Rescue teams worked through the night to reach villages cut off by the water.\n\n" +
				"A boat on a flooded street in the valley. (John Smith/AFP via Getty Images)\n\n" +
				"The regional governor declared an emergency and asked the army for help.\n\n" +
				"What comes next\n\n" +
				"Forecasters expect more rain on Thursday, and the river is still rising.\n",
			want: []string{
				"Flood waters rose across the valley overnight, forcing hundreds of families from their homes.",
				"Rescue teams worked through the night to reach villages cut off by the water.",
				"The regional governor declared an emergency and asked the army for help.",
				"What comes next",
				"Forecasters expect more rain on Thursday, and the river is still rising.",
			},
		},
		{
			name: "a list inside the article stays",
			in: "The ministry listed the measures it will take from next month to cut energy use.\n" +
				"Key measures:\n" +
				"- Street lights off after midnight\n" +
				"- Offices heated to 19 degrees\n" +
				"- Shops closed on Sundays\n" +
				"The measures will be reviewed in the spring, the ministry said in its statement.\n",
			want: []string{
				"The ministry listed the measures it will take from next month to cut energy use.",
				"Key measures:",
				"- Street lights off after midnight",
				"- Offices heated to 19 degrees",
				"- Shops closed on Sundays",
				"The measures will be reviewed in the spring, the ministry said in its statement.",
			},
		},
		{
			name: "appeal and a feed of other stories after the article go",
			in: "Police arrested two men on Sunday after a string of burglaries in the old town, officials said.\n\n" +
				"Both men are due in court on Wednesday, and the investigation continues.\n\n" +
				"Support our newsroom: become a member today and help us keep the news free for you.\n\n" +
				"Latest news\n\n10:42 AM\n\n" +
				"Storm cuts power to thousands in the north.\n\n" +
				"More than twelve thousand homes lost power when the storm hit the northern coast on Saturday night.\n\n" +
				"9:15 AM\n\n" +
				"Parliament passes new tax law.\n",
			want: []string{
				"Police arrested two men on Sunday after a string of burglaries in the old town, officials said.",
				"Both men are due in court on Wednesday, and the investigation continues.",
			},
		},
		{
			name: "a short article before a longer feed of teasers without times",
			in: "The old bridge over the river will close for repairs next week, the city said on Tuesday.\n\n" +
				"Drivers will have to use the ring road until the end of the month.\n\n" +
				"Most popular\n\nMan wins lottery twice in one year\n" +
				"A man from the north of the country has won the national lottery for the second time this year, organisers said on Monday, calling it a one in a million event.\n" +
				"Storm damages roofs across the region\n" +
				"High winds tore roofs off dozens of houses across the region overnight, and thousands of homes were left without power for several hours.\n" +
				"Local team wins the cup\n" +
				"The local football team won the national cup for the first time in its history after a dramatic penalty shoot-out on Saturday evening.\n",
			want: []string{
				"The old bridge over the river will close for repairs next week, the city said on Tuesday.",
				"Drivers will have to use the ring road until the end of the month.",
			},
		},
		{
			name: "sections of one paragraph under short headings stay",
			in: "Five things to know about the new tax law\n\n" +
				"Parliament passed a sweeping tax law on Friday. Here is what changes for households.\n\n" +
				"Income tax\nThe basic rate falls from 20% to 18% for earnings below the median wage, starting in April.\n" +
				"Pensions\nRetirees will be able to draw a larger share of their savings tax-free from next year.\n" +
				"Fuel\nDuty on petrol and diesel rises by two cents a litre, the first increase in a decade.\n",
			want: []string{
				"Parliament passed a sweeping tax law on Friday. Here is what changes for households.",
				"Income tax",
				"The basic rate falls from 20% to 18% for earnings below the median wage, starting in April.",
				"Pensions",
				"Retirees will be able to draw a larger share of their savings tax-free from next year.",
				"Fuel",
				"Duty on petrol and diesel rises by two cents a litre, the first increase in a decade.",
			},
		},
		{
			name: "a labelled link to another story inside the article goes",
			in: "Parliament approved the new budget on Wednesday after three days of debate, with 120 votes in favour.\n\n" +
				"Read also: Government survives confidence vote\n\n" +
				"The finance minister said the budget would cut the deficit to 3% of output by next year.\n",
			want: []string{
				"Parliament approved the new budget on Wednesday after three days of debate, with 120 votes in favour.",
				"The finance minister said the budget would cut the deficit to 3% of output by next year.",
			},
		},
		{
			name: "markdown: heading, emphasis, links, bullets, code fences",
			f:    Markdown,
			in: "# Port strike enters second week\n\n" +
				"*By Jane Doe*\n\n" +
				"Dock workers in the port of [Example City](https://example.com/city) stayed off the job\n" +
				"for an eighth day on **Monday**, the union said.\n\n" +
				"## Demands\n\n" +
				"The union wants:\n\n" +
				"- a pay rise of 8%\n" +
				"- shorter shifts\n\n" +
				"![a picture](pic.jpg)\n\n" +
				"> Talks will resume on Thursday, a spokesman for the port said after the meeting.\n",
			want: []string{
				"Dock workers in the port of Example City stayed off the job for an eighth day on Monday, the union said.",
				"Demands",
				"The union wants:",
				"a pay rise of 8%",
				"shorter shifts",
				"Talks will resume on Thursday, a spokesman for the port said after the meeting.",
			},
		},
		{
			name: "Russian article with an ad marker and a header date",
			in: "Погода 12 C\n\nПонедельник, 3 марта 2025\n\nВ Баку открылась выставка\n\n" +
				"В Баку во вторник открылась международная выставка современного искусства, сообщили организаторы.\n\n" +
				"- Реклама -\n\n" +
				"Выставка продлится до конца месяца, вход для школьников будет бесплатным.\n\n" +
				"- Реклама -\n",
			want: []string{
				"В Баку во вторник открылась международная выставка современного искусства, сообщили организаторы.",
				"Выставка продлится до конца месяца, вход для школьников будет бесплатным.",
			},
		},
		{
			name: "nothing but chrome",
			in:   "Home\nNews\nSport\n\n© 2025 Example Media\n",
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := extract(tc.f, tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// FuzzExtract checks that cleaning never panics and that every paragraph
// it returns for valid UTF-8 is one non-empty, folded, valid line. Inputs
// grow from whole seed pages, so minimizing one takes long; cap it:
//
//	go test ./corpus -run '^$' -fuzz FuzzExtract -fuzztime 20s -fuzzminimizetime 1s
func FuzzExtract(f *testing.F) {
	for src, err := range SourcesFS(sample.FS, sample.Dir) {
		if err == nil {
			f.Add(uint8(Text), src.Content)
		}
	}
	f.Add(uint8(Markdown), "# T\n\n* a\n* b\n\n**x** [l](u) `c`\n\n```\ncode\n```\n")
	f.Add(uint8(HTML), "<html><head><title>A | B</title></head><body><article><p>One two three four.</p></article></body></html>")
	f.Add(uint8(Text), "a\u2028b\u00a0\u00a0c.\r\n\r\n\v\f- x -\n")
	f.Fuzz(func(t *testing.T, format uint8, content string) {
		if !utf8.ValidString(content) {
			return
		}
		paras, _ := extract(Format(format%3), content)
		for i, p := range paras {
			if p == "" || p != fold(p) || strings.ContainsAny(p, "\n\r") || !utf8.ValidString(p) {
				t.Fatalf("paragraph %d is not one folded, non-empty, valid line: %q", i, p)
			}
		}
	})
}

// BenchmarkExtract cleans the five seeds, a hand-made HTML page and
// generated ~3 KB articles with chrome, and reports the cost per article.
//
//	go test ./corpus -run '^$' -bench BenchmarkExtract -benchtime 2s
func BenchmarkExtract(b *testing.B) {
	var seeds []Source
	for src, err := range SourcesFS(sample.FS, sample.Dir) {
		if err != nil {
			b.Fatal(err)
		}
		seeds = append(seeds, src)
	}
	var generated []Source
	for src := range genSources(7, 200) {
		generated = append(generated, src)
	}
	for _, tc := range []struct {
		name string
		srcs []Source
	}{
		{"seeds", seeds},
		{"html", []Source{{Format: HTML, Content: newsPage}}},
		{"generated", generated},
	} {
		b.Run(tc.name, func(b *testing.B) {
			n, size := 0, 0
			for b.Loop() {
				for _, s := range tc.srcs {
					extract(s.Format, s.Content)
					n++
					size += len(s.Content)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/article")
			b.ReportMetric(float64(size)/float64(n), "B/article")
		})
	}
}
