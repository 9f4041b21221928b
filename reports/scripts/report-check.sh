#!/usr/bin/env bash
# Checks report.html as a person would see it: opens it in headless Chromium (Debian's
# `chromium` package), takes a full-page screenshot, and fails unless the page rendered.
#
#   reports/scripts/report-check.sh REPORT.html SCREENSHOT.png
#
# Passes when
#   - the page is self-contained: no http(s) or protocol-relative src/href/url()/@import;
#   - the in-page render check (a script inside report.html that runs in the browser after
#     layout) found every expected section, every table with body rows and every plot as a
#     laid-out, non-empty SVG, and marked <html data-render-check="ok">;
#   - every id listed in the report's data-expect-* attributes is in the dumped DOM;
#   - Chromium logged no console message at all (the report logs nothing when healthy; an
#     uncaught exception or console.error shows up as a CONSOLE line in --enable-logging);
#   - the screenshot is a non-empty PNG.
# Environment: CHROMIUM (browser binary; default: chromium, chromium-browser or google-chrome),
# WIDTH (window width, default 1280), MAX_HEIGHT (cap on the screenshot height, default 16000),
# HEIGHT (fixed screenshot height instead of the full page, e.g. for a docs screenshot).
# Exit: 0 rendered, 1 rendering problem, 2 usage or no browser.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT.html SCREENSHOT.png" >&2
  exit 2
fi
report=$1
shot=$2
if [[ ! -f $report ]]; then
  echo "report-check: $report does not exist (run \`rambo-bench report RUNS_DIR\` first)" >&2
  exit 2
fi

browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
  done
fi
if [[ -z $browser ]]; then
  echo "report-check: no Chromium found; install it (Debian: apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi

width=${WIDTH:-1280}
max_height=${MAX_HEIGHT:-16000}
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
url="file://$abs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "report-check: FAILED: $*" >&2
  exit 1
}

# 1. Self-contained: nothing to fetch from a network.
if grep -Eiq '(src|href)[[:space:]]*=[[:space:]]*"(https?:)?//|url\([[:space:]]*["'"'"']?(https?:)?//|@import' "$report"; then
  # (|| true: head closing the pipe early must not trip pipefail)
  grep -Eion '(src|href)[[:space:]]*=[[:space:]]*"(https?:)?//[^"]*|url\([[:space:]]*["'"'"']?(https?:)?//[^)]*\)|@import[^;]*' "$report" \
    | head -5 >&2 || true
  fail "$report refers to external resources; it must open offline"
fi

# Fresh profile per run, nothing phoning home, every host name unresolvable: a page that
# needed the network would show up broken here.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --hide-scrollbars --mute-audio
  "--host-resolver-rules=MAP * ~NOTFOUND" --enable-logging=stderr --v=0)

run_browser() { # name, extra args...
  local name=$1; shift
  local profile="$work/profile-$name"
  mkdir -p "$profile"
  if ! timeout 120 "$browser" "${flags[@]}" "--user-data-dir=$profile" "$@" "$url" \
      >"$work/$name.out" 2>"$work/$name.log"; then
    tail -20 "$work/$name.log" >&2
    fail "$browser exited with an error ($name)"
  fi
}

console_errors() { # log file
  # Chromium logs every console message and uncaught exception as INFO:CONSOLE.
  if grep -E ':CONSOLE[:(]' "$1" >"$work/console.txt"; then
    cat "$work/console.txt" >&2
    fail "console messages while loading the report (see above)"
  fi
}

# 2. The DOM after scripts ran and layout happened.
run_browser dom --window-size="$width,2000" --virtual-time-budget=10000 --dump-dom
dom="$work/dom.out"
console_errors "$work/dom.log"
[[ -s $dom ]] || fail "Chromium dumped an empty DOM"

check=$(grep -o 'data-render-check="[a-z]*"' "$dom" | head -1 || true)
if [[ $check != 'data-render-check="ok"' ]]; then
  problems=$(grep -o 'data-render-problems="[^"]*"' "$dom" | head -1 || true)
  fail "in-page render check says ${check:-nothing (script did not run)} ${problems}"
fi

attr() { grep -o "$1=\"[^\"]*\"" "$dom" | head -1 | sed -e "s/^$1=\"//" -e 's/"$//'; }
tables=$(attr data-expect-tables)
plots=$(attr data-expect-plots)
sections=$(attr data-expect-sections)
[[ -n $tables ]] || fail "report lists no expected tables"
[[ -n $sections ]] || fail "report lists no expected sections"
missing=()
for id in $tables $plots $sections; do
  grep -q "id=\"$id\"" "$dom" || missing+=("$id")
done
((${#missing[@]} == 0)) || fail "missing from the rendered page: ${missing[*]}"
nplots=$(wc -w <<<"$plots")
nsvg=$(grep -o '<svg' "$dom" | wc -l)
((nsvg >= nplots)) || fail "$nplots plots expected but $nsvg <svg> elements rendered"

# 3. Full-page screenshot: the render check recorded the page height after layout.
height=${HEIGHT:-$(attr data-page-height)}
[[ $height =~ ^[0-9]+$ ]] || height=4000
((height <= max_height)) || height=$max_height
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
run_browser shot --window-size="$width,$height" --virtual-time-budget=10000 --screenshot="$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")"
console_errors "$work/shot.log"
[[ -s $shot ]] || fail "no screenshot written to $shot"
[[ $(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$shot is not a PNG"

echo "report-check: OK: $report rendered in $("$browser" --version 2>/dev/null | head -1 || echo "$browser"):" \
  "$(wc -w <<<"$tables") tables, $nplots plots, $(wc -w <<<"$sections") sections, no console messages;" \
  "screenshot ${width}x${height} at $shot"
