package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	dotenv := filepath.Join(dir, ".env")
	os.WriteFile(dotenv, []byte("# settings\nNEWSDESK_DB=from-file.db\nexport LOG_LEVEL=\"debug\"\nLOG_FORMAT=json # for the collector\n"), 0o600)

	c, err := Load(env(map[string]string{"NEWSDESK_DB": "from-env.db"}), dotenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "from-env.db" {
		t.Errorf("DB = %q, want the environment's value over the file's", c.DB)
	}
	if c.LogLevel != slog.LevelDebug || c.LogFormat != "json" {
		t.Errorf("got level %v format %q, want the .env file's debug and json", c.LogLevel, c.LogFormat)
	}
}

func TestLoadDefaultsWithoutDotenv(t *testing.T) {
	c, err := Load(env(nil), filepath.Join(t.TempDir(), "missing.env"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "" || c.LogLevel != slog.LevelInfo || c.LogFormat != "text" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadNamesTheBadVariable(t *testing.T) {
	dir := t.TempDir()
	dotenv := filepath.Join(dir, ".env")
	os.WriteFile(dotenv, []byte("LOG_FORMAT=xml\n"), 0o600)
	_, err := Load(env(map[string]string{"LOG_LEVEL": "loud"}), dotenv)
	if err == nil {
		t.Fatal("want an error for LOG_LEVEL=loud and LOG_FORMAT=xml")
	}
	for _, want := range []string{"LOG_LEVEL", "loud", "environment", "LOG_FORMAT", "xml", dotenv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestDotenvSyntaxErrorNamesLine(t *testing.T) {
	_, err := parseDotenv(strings.NewReader("A=1\n\nthis is not a setting\n"), "bot.env")
	if err == nil || !strings.Contains(err.Error(), "bot.env line 3") {
		t.Fatalf("err = %v, want it to name bot.env line 3", err)
	}
	_, err = parseDotenv(strings.NewReader(`B="open`+"\n"), "bot.env")
	if err == nil || !strings.Contains(err.Error(), "line 1") || !strings.Contains(err.Error(), "B") {
		t.Fatalf("err = %v, want unterminated quote on line 1 naming B", err)
	}
}

func TestDotenvValues(t *testing.T) {
	got, err := parseDotenv(strings.NewReader("A='x # y'\nB=\"line\\nbreak\"\nC=plain # note\nD=\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": "x # y", "B": "line\nbreak", "C": "plain", "D": ""}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// TestEnvExampleDocumentsEverySetting keeps .env.example honest: every
// variable the bot reads is there with its default, and nothing else.
func TestEnvExampleDocumentsEverySetting(t *testing.T) {
	example, err := ReadDotenv("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(example) == 0 {
		t.Fatal("../.env.example is missing or empty")
	}
	for _, v := range Vars() {
		got, ok := example[v.Name]
		if !ok {
			t.Errorf(".env.example does not document %s", v.Name)
		} else if got != v.Default {
			t.Errorf(".env.example gives %s=%q, the default is %q", v.Name, got, v.Default)
		}
		delete(example, v.Name)
	}
	for k := range example {
		t.Errorf(".env.example lists %s, which the bot does not read", k)
	}
}

func TestLoadTelegramAndSchedules(t *testing.T) {
	c, err := Load(env(map[string]string{
		"TELEGRAM_BOT_TOKEN":    "123456:ABC-def_9",
		"TELEGRAM_API_ENDPOINT": "http://127.0.0.1:9000/",
		"TELEGRAM_ALLOWED":      "42, -1001234",
		"DIGEST_SCHEDULE":       "0 7 * * 1-5",
		"DIGEST_TZ":             "Asia/Baku",
		"FEEDS":                 "https://example.org/rss, http://news.example/atom.xml",
	}), filepath.Join(t.TempDir(), "none.env"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Telegram.Endpoint != "http://127.0.0.1:9000/bot%s/%s" {
		t.Errorf("endpoint = %q, want the base URL with /bot%%s/%%s", c.Telegram.Endpoint)
	}
	if len(c.Telegram.Allowed) != 2 || c.Telegram.Allowed[1] != -1001234 {
		t.Errorf("allowed = %v", c.Telegram.Allowed)
	}
	if c.Digest.Location.String() != "Asia/Baku" || len(c.Intake.Feeds) != 2 {
		t.Errorf("digest %+v, feeds %v", c.Digest, c.Intake.Feeds)
	}
}

func TestLoadRefusesBadTelegramSettings(t *testing.T) {
	const token = "123456:very-secret-part"
	cases := []struct {
		env  map[string]string
		want []string // in the error
	}{
		{map[string]string{"TELEGRAM_BOT_TOKEN": "not a token"}, []string{"TELEGRAM_BOT_TOKEN", "not a bot token", "(hidden)"}},
		{map[string]string{"TELEGRAM_ALLOWED": "42,alice"}, []string{"TELEGRAM_ALLOWED", "item 2", "alice"}},
		{map[string]string{"DIGEST_SCHEDULE": "every morning"}, []string{"DIGEST_SCHEDULE"}},
		{map[string]string{"DIGEST_TZ": "Mars/Olympus"}, []string{"DIGEST_TZ"}},
		{map[string]string{"WEBHOOK_URL": "http://bot.example/hook"}, []string{"WEBHOOK_URL", "https"}},
		{map[string]string{"WEBHOOK_URL": "https://bot.example/hook"}, []string{"WEBHOOK_SECRET", "required"}},
		{map[string]string{"WEBHOOK_LISTEN": "8443"}, []string{"WEBHOOK_LISTEN", "host:port"}},
		{map[string]string{"TELEGRAM_API_ENDPOINT": "ftp://x/%s"}, []string{"TELEGRAM_API_ENDPOINT"}},
		{map[string]string{"FEEDS": "https://ok.example/rss,feed.xml"}, []string{"FEEDS", "item 2"}},
		{map[string]string{"FEEDS": "https://ok.example/rss @sometimes"}, []string{"FEEDS", "item 1", "@sometimes"}},
		{map[string]string{"WATCH_INTERVAL": "10ms"}, []string{"WATCH_INTERVAL"}},
		{map[string]string{"FLOOD_LIMIT": "-1"}, []string{"FLOOD_LIMIT"}},
		{map[string]string{"DIGEST_SCHEDULE": "@every 5s"}, []string{"DIGEST_SCHEDULE", "too often", "1m0s"}},
		{map[string]string{"FEED_SCHEDULE": "@every 30s"}, []string{"FEED_SCHEDULE", "too often"}},
		{map[string]string{"WATCH_DIR": "/no/such/folder"}, []string{"WATCH_DIR", "no such folder"}},
		{map[string]string{"WATCH_DIR": "config_test.go"}, []string{"WATCH_DIR", "not a folder"}},
	}
	// A token one character off is still a secret: it must not be printed.
	_, err := Load(env(map[string]string{"TELEGRAM_BOT_TOKEN": token + "!"}), filepath.Join(t.TempDir(), "none.env"))
	if err == nil || strings.Contains(err.Error(), "very-secret") {
		t.Errorf("bad token: err = %v; want an error that does not show the token", err)
	}
	for _, tc := range cases {
		_, err := Load(env(tc.env), filepath.Join(t.TempDir(), "none.env"))
		if err == nil {
			t.Errorf("%v: no error", tc.env)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not mention %q", tc.env, err, w)
			}
		}
	}
}

func TestFeedsWithTheirOwnSchedules(t *testing.T) {
	c, err := Load(env(map[string]string{
		"FEEDS": "https://a.example/rss @hourly; https://b.example/atom.xml 0 7,19 * * *; https://c.example/feed",
	}), filepath.Join(t.TempDir(), "none.env"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{{"https://a.example/rss", "@hourly"}, {"https://b.example/atom.xml", "0 7,19 * * *"}, {"https://c.example/feed", ""}}
	if len(c.Intake.Feeds) != len(want) {
		t.Fatalf("feeds = %+v, want %+v", c.Intake.Feeds, want)
	}
	for i := range want {
		if c.Intake.Feeds[i] != want[i] {
			t.Errorf("feed %d = %+v, want %+v", i+1, c.Intake.Feeds[i], want[i])
		}
	}
}
