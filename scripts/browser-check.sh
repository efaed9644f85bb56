#!/usr/bin/env bash
# Renders the hearing report of every shipped proposal (German and English)
# in headless Chromium, prints it to PDF, and checks the printed document:
#
#   1. the HTML is self-contained (nothing loaded from elsewhere);
#   2. every section number and every amendment id is in the PDF's text;
#   3. every word of the report's visible text is in the PDF's text (a
#      clipped column would lose words);
#   4. every word box of the PDF lies inside the printable area of its A4
#      page (a column running over the margin would show here);
#   5. every page carries its footer ("Seite n von N" / "Page n of N");
#   6. the text is printed at its size: Chromium shrinks a page whose
#      content is too wide instead of clipping it, so the commonest word
#      height must be that of the 10.5pt body text.
#
# Needs: chromium, pdftotext (poppler-utils), awk, sed, grep. No network.
# Usage: scripts/browser-check.sh [OUT_DIR]
#   NOVELLE=path/to/novelle   the binary to use (default: cargo build, target/debug)
#   CHROMIUM=chromium         the browser
#   OUT_DIR (argument)        keep the HTML, PDF and text there (default: a temp dir)
# Exits 0 when every check passes, 1 with a message per failure otherwise.

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
chromium=${CHROMIUM:-chromium}
out=${1:-$(mktemp -d)}
mkdir -p "$out"

# The printable area of the report's pages: A4 with the margins of
# templates/report.css (@page margin: 24mm 17mm 22mm 20mm), in points.
page_w=595.28
page_h=841.89
left=$(awk 'BEGIN { printf "%.2f", 20 * 72 / 25.4 }')
right=$(awk -v w="$page_w" 'BEGIN { printf "%.2f", w - 17 * 72 / 25.4 }')
slack=1.0
# Word boxes of 10.5pt Liberation Sans/Arial are 12.2pt high; shrunk pages less.
min_height=11.0

fail=0
problem() {
    echo "browser-check: FAIL: $*" >&2
    fail=1
}

for tool in "$chromium" pdftotext awk sed grep; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "browser-check: $tool is not installed (apt-get install chromium poppler-utils)" >&2
        exit 1
    fi
done

if [ -z "${NOVELLE:-}" ]; then
    (cd "$root" && cargo build --quiet)
    NOVELLE="$root/target/debug/novelle"
fi

ids=$(find "$root/proposals" -maxdepth 1 -name '*.toml' -printf '%f\n' | sed 's/\.toml$//' | sort)
if [ -z "$ids" ]; then
    echo "browser-check: no proposals in $root/proposals" >&2
    exit 1
fi

for id in $ids; do
    # What must be printed: the sections and amendments of the redline.
    json="$out/$id.json"
    "$NOVELLE" --store "$root" redline "$id" --format json -o "$json"
    sections=$(grep -o '"number": "[^"]*"' "$json" | sed 's/.*: "\(.*\)"/\1/' | sort -u)
    amendments=$(sed -n '/"notes": \[/,/^  \]/p' "$json" | grep -o '"id": "[^"]*"' |
        sed 's/.*: "\(.*\)"/\1/' | sort -u)

    for lang in de en; do
        name="$id.$lang"
        html="$out/$name.html"
        pdf="$out/$name.pdf"
        "$NOVELLE" --store "$root" report "$id" --lang "$lang" \
            --hearing "Öffentliche Anhörung, Ausschuss für Recht" -o "$html"

        if grep -Eiq '(src|href)="(https?:)?//|@import|url\(' "$html"; then
            problem "$name: the report refers to something outside itself"
        fi

        profile=$(mktemp -d)
        timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
            --no-first-run --disable-background-networking --disable-component-update \
            --disable-sync --disable-extensions --user-data-dir="$profile" \
            --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" \
            >"$out/$name.chromium.log" 2>&1 || true
        rm -rf "$profile"
        if [ ! -s "$pdf" ]; then
            problem "$name: Chromium printed no PDF (see $out/$name.chromium.log)"
            continue
        fi

        pdftotext -enc UTF-8 "$pdf" "$out/$name.txt"
        pdftotext -enc UTF-8 -bbox "$pdf" "$out/$name.bbox.html"
        # The PDF's text without any white space: words broken across lines
        # or cells still read as one.
        flat="$out/$name.flat"
        tr -d ' \n\t\f\r' <"$out/$name.txt" | awk '{ print tolower($0) }' >"$flat"

        for n in $sections; do
            grep -q "§$n" "$flat" || problem "$name: § $n is missing from the PDF"
        done
        for a in $amendments; do
            grep -qF -- "$(echo "$a" | awk '{ print tolower($0) }')" "$flat" ||
                problem "$name: amendment $a is missing from the PDF"
        done

        # The visible text of the HTML: the body without tags, with the
        # five entities the template engine writes decoded.
        words="$out/$name.words"
        sed -n '/<body>/,/<\/body>/p' "$html" |
            sed -e 's/<[^>]*>/ /g' \
                -e 's/&#34;/"/g; s/&#39;/'"'"'/g; s/&#60;/</g; s/&#62;/>/g; s/&#38;/\&/g' |
            tr -s ' \t\r\f' '\n\n\n\n' | grep -v '^$' >"$words" || true
        missing=$(awk 'NR == FNR { text = text $0; next }
                       { w = tolower($0); if (index(text, w) == 0) print $0 }' \
            "$flat" "$words" | sort -u | head -20)
        if [ -n "$missing" ]; then
            problem "$name: words of the report missing from the PDF (clipped?):" \
                "$(echo "$missing" | tr '\n' ' ')"
        fi

        # Every word box inside the printable width and inside the page.
        outside=$(awk -v l="$left" -v r="$right" -v h="$page_h" -v s="$slack" '
            /<page / { p++ }
            /<word / {
                match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
                match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
                match($0, /yMax="[^"]*"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
                w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
                if (x0 < l - s || x1 > r + s || y1 > h)
                    printf "page %d: \"%s\" at x %.1f–%.1f\n", p, w, x0, x1
            }' "$out/$name.bbox.html" | head -10)
        if [ -n "$outside" ]; then
            problem "$name: text outside the printable area:" "$outside"
        fi

        height=$(awk '/<word / {
                match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
                match($0, /yMax="[^"]*"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
                n[sprintf("%.1f", y1 - y0)]++
            }
            END { for (h in n) if (n[h] > best) { best = n[h]; mode = h } print mode + 0 }' \
            "$out/$name.bbox.html")
        if awk -v h="$height" -v m="$min_height" 'BEGIN { exit !(h < m) }'; then
            problem "$name: the text is shrunk (commonest word height ${height}pt, expected at least ${min_height}pt): is something too wide for the page?"
        fi

        pages=$(grep -c '<page ' "$out/$name.bbox.html" || true)
        footer=$([ "$lang" = de ] && echo "Seite" || echo "Page")
        footers=$(grep -cE "^$footer [0-9]+ (von|of) $pages\$" "$out/$name.txt" || true)
        if [ "$footers" -ne "$pages" ]; then
            problem "$name: $footers of $pages pages carry the footer \"$footer n …\""
        fi
        echo "browser-check: $name: $pages pages, $(wc -l <"$words") words checked"
    done
done

if [ "$fail" -ne 0 ]; then
    echo "browser-check: failed; the files are in $out" >&2
    exit 1
fi
echo "browser-check: all reports print cleanly (files in $out)"
