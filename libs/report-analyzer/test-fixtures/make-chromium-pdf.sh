#!/usr/bin/env bash
# Prints seed report 000 to PDF the way a clerk's browser does: Chromium's print-to-pdf with Noto CJK fonts, whose
# text layer maps many glyphs to Kangxi / CJK-supplement radicals (⾦⻢镇 for 金马镇).
# Needs: apt-get install chromium fonts-noto-cjk. Output: chromium-radicals.pdf (checked in; tests never run this).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node -e '
const fs = require("fs");
const text = fs.readFileSync(process.argv[1], "utf8");
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const body = text.split("\n").map((l) => (l.trim() ? `<p>${esc(l)}</p>` : "")).join("\n");
fs.writeFileSync(process.argv[2], `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>` +
  `body{font-family:"Noto Sans CJK SC";font-size:14pt;margin:2cm}p{text-indent:2em;margin:0 0 .3em}` +
  `</style></head><body>${body}</body></html>`);
' "$here/../../../seeds/reports/000_cd09f5d6f779e604.txt" "$tmp/seed000.html"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$here/chromium-radicals.pdf" "file://$tmp/seed000.html" 2>/dev/null
