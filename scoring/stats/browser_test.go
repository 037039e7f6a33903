package stats

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's headless browser (installed by .ci/run).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium; .ci/run installs it): the HTML report is not opened in a browser")
	return ""
}

// runChromium runs the headless browser on file with extra flags and
// returns its stdout and stderr.
func runChromium(t *testing.T, bin, file string, flags ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--hide-scrollbars", "--user-data-dir=" + filepath.Join(t.TempDir(), "profile"),
		"--enable-logging=stderr", "--v=0"}, flags...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(flags, " "), err, errOut.String())
	}
	return out.String(), errOut.String()
}

// probe is put first in <head> of a copy of the page: it notes script
// errors, console errors and resources that fail to load, in an element
// that --dump-dom shows.
const probe = `<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  window.__errors.push("error: " + (e.message || (e.target && (e.target.src || e.target.href)) || "unknown"));
}, true);
window.addEventListener("unhandledrejection", function (e) { window.__errors.push("rejection: " + e.reason); });
(function () { var orig = console.error; console.error = function () {
  window.__errors.push("console.error: " + Array.prototype.join.call(arguments, " ")); orig.apply(console, arguments); }; })();
window.addEventListener("load", function () {
  var p = document.createElement("pre"); p.id = "ontap-probe";
  p.setAttribute("data-svgs", document.querySelectorAll("svg").length);
  p.textContent = window.__errors.length ? window.__errors.join("\n") : "no errors";
  document.body.appendChild(p);
});
</script>`

// TestHTMLInBrowser opens the report in a real headless browser: it must
// load without errors, and its screenshot must show the charts.
func TestHTMLInBrowser(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	cfg := config(time.UTC)
	r := compute(t, seed(t, cfg, 5), cfg, "", 1)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// 1. The DOM after loading, with the probe: no errors, three charts.
	probed := filepath.Join(dir, "probed.html")
	withProbe := strings.Replace(buf.String(), "<head>", "<head>\n"+probe, 1)
	if err := os.WriteFile(probed, []byte(withProbe), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, _ := runChromium(t, bin, probed, "--dump-dom")
	m := regexp.MustCompile(`<pre id="ontap-probe" data-svgs="(\d+)">([^<]*)</pre>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not report: the page did not finish loading\n%.2000s", dom)
	}
	if m[2] != "no errors" {
		t.Errorf("errors while loading the report:\n%s", m[2])
	}
	if m[1] != "3" {
		t.Errorf("%s SVG charts in the DOM, want 3", m[1])
	}

	// 2. The page itself, as a learner opens it: a screenshot, and no
	// console message in the browser's log.
	shot := filepath.Join(dir, "shot.png")
	_, log := runChromium(t, bin, page, "--screenshot="+shot, "--window-size=1200,2000")
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") || strings.Contains(l, "Uncaught") || strings.Contains(l, "report.html") && strings.Contains(l, "ERROR") {
			t.Errorf("browser log: %s", l)
		}
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, log)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	checkScreenshot(t, img)
}

// checkScreenshot: not blank, many colours, and the colours of each chart.
func checkScreenshot(t *testing.T, img image.Image) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() < 1000 || b.Dy() < 1500 {
		t.Fatalf("screenshot is %dx%d", b.Dx(), b.Dy())
	}
	type rgb struct{ r, g, b uint8 }
	colours := map[rgb]int{}
	nonWhite := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := rgb{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}
			colours[c]++
			if c.r < 240 || c.g < 240 || c.b < 240 {
				nonWhite++
			}
		}
	}
	total := b.Dx() * b.Dy()
	if nonWhite < total/50 {
		t.Errorf("screenshot is nearly blank: %d of %d pixels are not white", nonWhite, total)
	}
	if len(colours) < 20 {
		t.Errorf("screenshot has only %d colours", len(colours))
	}
	// Each chart's colours cover a visible area (exact fills, away from
	// anti-aliased edges).
	for name, c := range map[string]rgb{
		"calendar (empty days)": {0xeb, 0xed, 0xf0},
		"answers (review bars)": {0x2e, 0x7d, 0x32},
		"forecast bars":         {0x6f, 0x42, 0xc1},
	} {
		if colours[c] < 100 {
			t.Errorf("%s: colour #%02x%02x%02x covers %d pixels, want 100 or more", name, c.r, c.g, c.b, colours[c])
		}
	}
}
