#!/bin/sh
# Renders the extension's PNG icons from the SVG sources in icon/ into public/icon/ (committed).
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin). Run after changing an SVG.
set -eu
cd "$(dirname "$0")/.."
out=public/icon
mkdir -p "$out"
for size in 16 32 48 128; do
  rsvg-convert -w "$size" -h "$size" icon/kaneo-key.svg -o "$out/$size.png"
done
# The toolbar button's two states (lib/vault/background/toolbar-icon.ts).
for size in 16 32; do
  rsvg-convert -w "$size" -h "$size" icon/kaneo-key.svg -o "$out/unlocked-$size.png"
  rsvg-convert -w "$size" -h "$size" icon/kaneo-key-locked.svg -o "$out/locked-$size.png"
done
