#!/usr/bin/env bash
# Vendors the platform's fonts (Arabic, Tifinagh, Latin) from the npm registry into
# static/fonts/ and writes static/css/fonts.css. Run by `make assets`; the result is committed,
# so running the site needs no Node. Needs node and npm.
set -euo pipefail

cd "$(dirname "$0")/.."

# name, npm package, version, weights, subsets. Noto Sans Tifinagh ships weight 400 only: the
# browser draws its bold.
FONTS=(
  "Noto Sans Arabic|@fontsource/noto-sans-arabic|5.3.0|400 700|arabic"
  "Noto Sans Tifinagh|@fontsource/noto-sans-tifinagh|5.3.0|400|tifinagh"
  "Noto Sans|@fontsource/noto-sans|5.3.0|400 700|latin latin-ext"
)

FONT_DIR=static/fonts
CSS=static/css/fonts.css
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

packages=()
for spec in "${FONTS[@]}"; do
  IFS='|' read -r _family package version _weights _subsets <<<"$spec"
  packages+=("$package@$version")
done
npm install --prefix "$work" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "${packages[@]}"

rm -rf "$FONT_DIR"
mkdir -p "$FONT_DIR"
{
  echo "/* Self-hosted fonts (SIL Open Font License 1.1), written by scripts/vendor_fonts.sh."
  echo "   Each face covers one script (unicode-range): a page downloads only the scripts it shows. */"
} >"$CSS"
readme_rows=""

for spec in "${FONTS[@]}"; do
  IFS='|' read -r family package version weights subsets <<<"$spec"
  source_dir="$work/node_modules/$package"
  installed="$(node -p "require('$source_dir/package.json').version")"
  [[ "$installed" == "$version" ]] || { echo "expected $package@$version, got $installed" >&2; exit 1; }
  slug="${package#@fontsource/}"
  cp "$source_dir/LICENSE" "$FONT_DIR/OFL-$slug.txt"
  for subset in $subsets; do
    range="$(node -p "require('$source_dir/unicode.json')['$subset']")"
    for weight in $weights; do
      file="$slug-$subset-$weight-normal.woff2"
      cp "$source_dir/files/$file" "$FONT_DIR/$file"
      cat >>"$CSS" <<CSS

@font-face {
  font-family: "$family";
  font-style: normal;
  font-weight: $weight;
  font-display: swap;
  src: url("../fonts/$file") format("woff2");
  unicode-range: $range;
}
CSS
    done
  done
  readme_rows+="| $family | \`$package\` | $version | ${weights// /, } | ${subsets// /, } | \`OFL-$slug.txt\` |"$'\n'
done

cat >"$FONT_DIR/README.md" <<README
# Fonts

Self-hosted, so that no public page requests another host. Written by \`scripts/vendor_fonts.sh\`
(\`make assets\`) from the npm registry's Fontsource packages; \`static/css/fonts.css\` declares them,
each face limited to its script by \`unicode-range\`.

| family | package | version | weights | subsets | licence |
|---|---|---|---|---|---|
$readme_rows
All are Noto fonts by the Noto Project Authors (Google), under the SIL Open Font License 1.1:
the text, with each family's copyright line, is in the \`OFL-*.txt\` file named above. Only the
WOFF2 files of the listed weights and subsets are kept. Noto Sans Tifinagh has no bold: the
browser draws it from the regular weight.

Noto Sans Arabic rather than Noto Naskh Arabic: its open, even strokes stay legible at small
sizes on low-resolution phone screens, and it matches Noto Sans in the Latin parts of a line.
README

echo "Fonts written to $FONT_DIR and $CSS:"
ls -l "$FONT_DIR"
