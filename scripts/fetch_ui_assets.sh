#!/usr/bin/env bash
# Fetch the front-end packages Solara 1.64.1 loads from its CDN, so the UI works offline.
#
# Solara serves /_solara/cdn/<path> from SOLARA_ASSETS_PROXY_CACHE_DIR/<path> and only goes
# to cdn.jsdelivr.net for paths missing there. The paths it asks for are
# "<package>@<version>/<file in the package>" (see solara/server/templates/solara.html.j2 and
# solara/widgets/vue/*.vue), so each npm package is unpacked into a directory named exactly
# as in those URLs. Idempotent: a package whose directory exists is skipped.
#
# Usage: bash scripts/fetch_ui_assets.sh [CACHE_DIR]   (default: .cache/solara-assets)
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${1:-${SOLARA_ASSETS_PROXY_CACHE_DIR:-.cache/solara-assets}}"
mkdir -p "$cache"

# "<directory in the URL> <npm spec>"; the directory keeps solara's version (exact or range).
packages=(
    "@widgetti/solara-vuetify-app@10.1.1 @widgetti/solara-vuetify-app@10.1.1"
    "requirejs@2.3.6 requirejs@2.3.6"
    "font-awesome@4.5.0 font-awesome@4.5.0"
    "@widgetti/vue-grid-layout@2.3.13-alpha.2 @widgetti/vue-grid-layout@2.3.13-alpha.2"
    "vega@5 vega@5"
    "vega-lite@5 vega-lite@5"
    "vega-embed@6 vega-embed@6"
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for entry in "${packages[@]}"; do
    directory="${entry%% *}"
    spec="${entry#* }"
    target="$cache/$directory"
    if [ -d "$target" ] && [ -n "$(ls -A "$target")" ]; then
        echo "present: $directory"
        continue
    fi
    echo "fetching: $spec"
    tarball="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
    mkdir -p "$work/unpacked" "$(dirname "$target")"
    rm -rf "$work/unpacked"/*
    tar -xzf "$work/$tarball" -C "$work/unpacked" --strip-components=1
    rm -f "$work/$tarball"
    mv "$work/unpacked" "$target.partial.$$"
    mv "$target.partial.$$" "$target"  # appears complete or not at all
done
echo "solara assets in $cache"
