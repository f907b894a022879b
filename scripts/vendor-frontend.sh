#!/usr/bin/env bash
# Re-vendors the pinned front-end files into static/vendor/ (committed; nothing loads from a CDN).
# Usage: scripts/vendor-frontend.sh   (needs npm and the npm registry)
set -euo pipefail
NHSUK_VERSION=10.6.1
AXE_VERSION=4.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "nhsuk-frontend@$NHSUK_VERSION" "axe-core@$AXE_VERSION" >/dev/null
mkdir nhsuk axe
tar xzf "nhsuk-frontend-$NHSUK_VERSION.tgz" -C nhsuk
tar xzf "axe-core-$AXE_VERSION.tgz" -C axe

dest="$root/static/vendor/nhsuk-frontend"
rm -rf "$dest" && mkdir -p "$dest/assets/images"
dist=nhsuk/package/dist/nhsuk
# Frutiger is licensed and served from assets.nhs.uk: drop its @font-face so the page falls
# back to Arial (as NHS.UK does when the font is unavailable); make image paths relative.
# The source maps are not vendored (they only help debugging the upstream build), so their
# sourceMappingURL comments go too: the manifest static storage refuses a file that names a
# missing neighbour, and collectstatic would fail in production.
strip_maps='s#/\*[#@] sourceMappingURL=[^*]*\*/##g; s#//[#@] sourceMappingURL=.*$##'
sed -E -e 's/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}//g' \
       -e 's#url\(/assets/images/#url(assets/images/#g' \
       -e "$strip_maps" \
       "$dist/nhsuk-frontend.min.css" > "$dest/nhsuk-frontend.min.css"
sed -E -e "$strip_maps" "$dist/nhsuk-frontend.min.js" > "$dest/nhsuk-frontend.min.js"
cp "$dist"/assets/images/*.svg "$dist"/assets/images/*.png "$dist"/assets/images/favicon.ico "$dest/assets/images/"
cp nhsuk/package/LICENSE* "$dest/" 2>/dev/null || true
echo "$NHSUK_VERSION" > "$dest/VERSION"
if grep -q "https\?://" "$dest/nhsuk-frontend.min.css"; then echo "remote URL left in CSS" >&2; exit 1; fi
if grep -q "sourceMappingURL" "$dest"/nhsuk-frontend.min.*; then echo "source map reference left" >&2; exit 1; fi

# axe-core is only used by the functional tests (injected into pages by Playwright).
mkdir -p "$root/tests/functional/vendor"
cp axe/package/axe.min.js "$root/tests/functional/vendor/axe.min.js"
echo "$AXE_VERSION" > "$root/tests/functional/vendor/AXE_VERSION"
echo "vendored nhsuk-frontend $NHSUK_VERSION and axe-core $AXE_VERSION"
