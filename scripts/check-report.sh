#!/usr/bin/env bash
# Opens a report.html in headless Chromium (Debian's chromium package) and checks it as a person
# would see it on a laptop:
#   - no console message at all from the page (the report has no scripts, so any message is an
#     error: a blocked network fetch, a Content-Security-Policy violation, a broken resource);
#   - every chart is drawn, with as many bars or dots as it declares (data-marks) and a real size;
#   - the global importance, beeswarm and |delta| charts are there;
#   - nothing is wider than the window (default 1280 px), and no chart's text runs past its edge;
# and saves a screenshot of the whole page.
#
#   scripts/check-report.sh REPORT.html [SCREENSHOT.png]
#
# Prints "report-check: {json}" (charts, marks, sizes, problems) and exits 0 when the page passes,
# 1 when it does not, 2 on a usage error or without Chromium. Environment: CHROMIUM (the browser
# command; default chromium), REPORT_WIDTH (default 1280).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || ! -f "$1" ]]; then
  echo "usage: scripts/check-report.sh REPORT.html [SCREENSHOT.png]" >&2
  exit 2
fi
browser="${CHROMIUM:-chromium}"
if ! command -v "$browser" >/dev/null 2>&1; then
  echo "check-report: $browser not found; install it with apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 2
fi
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
screenshot="${2:-}"
width="${REPORT_WIDTH:-1280}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The checker page: the report in an iframe of laptop width; once it has loaded, the checker reads
# its DOM and layout and writes the verdict into its own page, which --dump-dom prints.
cat > "$work/check.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<pre id="result">no result: the report did not load</pre>
<iframe id="report" src="file://$report" style="border:0;width:${width}px;height:900px"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
  var frame = document.getElementById('report');
  var result = {ok: false, width: $width, charts: [], problems: []};
  try {
    var doc = frame.contentDocument;
    var charts = doc.querySelectorAll('svg[data-chart]');
    for (var i = 0; i < charts.length; i++) {
      var svg = charts[i];
      var box = svg.getBoundingClientRect();
      var chart = {chart: svg.getAttribute('data-chart'), declared: Number(svg.getAttribute('data-marks')),
                   marks: svg.querySelectorAll('[data-mark]').length, width: Math.round(box.width), height: Math.round(box.height)};
      result.charts.push(chart);
      if (chart.marks !== chart.declared) result.problems.push(chart.chart + ': ' + chart.marks + ' marks drawn, ' + chart.declared + ' declared');
      if (chart.width < 100 || chart.height < 20) result.problems.push(chart.chart + ': drawn ' + chart.width + 'x' + chart.height + ' px');
      if (box.right > $width + 1) result.problems.push(chart.chart + ': reaches ' + Math.round(box.right) + ' px, wider than the window');
      // a text that runs past the chart's edge is cut off there (an inline svg hides its overflow)
      var texts = svg.querySelectorAll('text');
      for (var j = 0; j < texts.length; j++) {
        var t = texts[j].getBoundingClientRect();
        if (t.width > 0 && (t.left < box.left - 1 || t.right > box.right + 1)) {
          result.problems.push(chart.chart + ': text "' + texts[j].textContent + '" is cut off at the chart\'s edge');
        }
      }
    }
    ['importance', 'beeswarm', 'delta-histogram'].forEach(function (name) {
      if (!doc.querySelector('svg[data-chart="' + name + '"]')) result.problems.push('no ' + name + ' chart');
    });
    result.pageWidth = doc.documentElement.scrollWidth;
    result.pageHeight = doc.documentElement.scrollHeight;
    if (result.pageWidth > $width) result.problems.push('the page is ' + result.pageWidth + ' px wide, more than ' + $width);
    result.title = doc.title;
    result.ok = result.problems.length === 0;
  } catch (e) {
    result.problems.push('cannot inspect the report: ' + e);
  }
  document.getElementById('result').textContent = JSON.stringify(result);
});
</script></body></html>
HTML

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --hide-scrollbars --enable-logging=stderr --v=0)
"$browser" "${flags[@]}" --user-data-dir="$work/profile-check" --allow-file-access-from-files \
  --window-size=$((width + 40)),1000 --virtual-time-budget=15000 --dump-dom "file://$work/check.html" \
  > "$work/dom.html" 2> "$work/browser.log" || true

result="$(sed -n 's:.*<pre id="result">\(.*\)</pre>.*:\1:p' "$work/dom.html" | sed 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')"
console="$(grep -F 'CONSOLE' "$work/browser.log" | grep -vF "file://$work/check.html" || true)"
status=0
if [[ -n "$console" ]]; then
  echo "check-report: the page logged to the console:" >&2
  echo "$console" >&2
  status=1
fi
if [[ "$result" != *'"ok":true'* ]]; then
  echo "check-report: the page did not pass: ${result:-no result (see $work/browser.log)}" >&2
  [[ -n "$result" ]] || tail -20 "$work/browser.log" >&2
  status=1
fi

if [[ -n "$screenshot" ]]; then
  height="$(sed -n 's/.*"pageHeight":\([0-9]*\).*/\1/p' <<< "$result")"
  height="${height:-4000}"
  (( height > 16000 )) && height=16000
  mkdir -p "$(dirname "$screenshot")"
  "$browser" "${flags[@]}" --user-data-dir="$work/profile-shot" --window-size="$width,$height" \
    --screenshot="$screenshot" "file://$report" > /dev/null 2> "$work/shot.log" || true
  if [[ ! -s "$screenshot" ]]; then
    echo "check-report: no screenshot was written to $screenshot" >&2
    tail -5 "$work/shot.log" >&2
    status=1
  fi
fi

echo "report-check: $result"
[[ $status == 0 ]] && echo "check-report: $1 passes${screenshot:+; screenshot $screenshot}" >&2
exit $status
