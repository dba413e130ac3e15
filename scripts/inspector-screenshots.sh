#!/usr/bin/env bash
# Regenerates Explain/screenshots/inspector/: the inspectors' printed list in Danish and English (A4, from
# `tilsyn list --show-column name --show-column address --show-column industry`) and the monitoring page
# after a two-week demo cycle, each rendered by Chromium to a full-width screenshot and A4 pages.
# Needs a built tilsyn (default .build/debug/tilsyn; TILSYN=path for another), chromium and poppler-utils, and
# LOOK_AT_PAGES=path to a page renderer that writes NAME.png and NAME.a4-pageN.png beside each HTML file.
# Run inside the repository: bash scripts/inspector-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tilsyn=${TILSYN:-.build/debug/tilsyn}
look=${LOOK_AT_PAGES:?set LOOK_AT_PAGES to the page renderer (see the header)}
dest=Explain/screenshots/inspector
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A small demo (20,000 units) with two weeks of the inspection cycle, so the monitoring page has visits.
"$tilsyn" demo --units 20000 --weeks 2 --out "$work/demo" --quiet >/dev/null
# A week small enough to print on a few pages: 36 places over the five regions, a quarter at random.
printf 'region,capacity\nHovedstaden,10\nSjælland,6\nSyddanmark,8\nMidtjylland,8\nNordjylland,4\n' > "$work/regions.csv"
for lang in da en; do
  "$tilsyn" list --model "$work/demo/model.json" --data "$work/demo/register.csv" --db "$work/demo/tilsyn.sqlite" \
    --as-of 2026-11-16 --capacity-file "$work/regions.csv" --random-share 0.25 --seed 7 --exclude-days 365 \
    --exclude-if certified --exclude-if private_household \
    --show-column name --show-column address --show-column industry --lang "$lang" --out "$work/list-$lang.csv" --quiet >/dev/null
done

rm -rf "$dest" && mkdir -p "$dest"
cp "$work/list-da.summary.html" "$dest/list.da.html"
cp "$work/list-en.summary.html" "$dest/list.en.html"
cp "$work/demo/monitor.da.html" "$dest/monitor.da.html"
cp "$work/demo/monitor.en.html" "$dest/monitor.en.html"
bash "$look" "$dest"
# Keep the pages and the screenshots; the PDFs can be remade from the HTML beside them.
rm -f "$dest"/*.pdf
ls -1 "$dest"
