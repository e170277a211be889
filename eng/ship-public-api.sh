#!/usr/bin/env bash
# At a release: what PublicAPI.Unshipped.txt declares has now shipped. Moves every line of each package's Unshipped file
# into its Shipped file (a "*REMOVED*X" line takes X out of Shipped instead) and leaves Unshipped with its header only.
# Run it in the commit that sets the release's version, after `eng/update-public-api.sh` reports nothing to add.
set -euo pipefail
cd "$(dirname "$0")/.."

header='#nullable enable'
for unshipped in src/*/PublicAPI.Unshipped.txt; do
  shipped="$(dirname "$unshipped")/PublicAPI.Shipped.txt"
  removed=$(mktemp)
  { grep '^\*REMOVED\*' "$unshipped" || true; } | sed 's/^\*REMOVED\*//' >"$removed"
  {
    echo "$header"
    { grep -vxF "$header" "$shipped" || true; grep -vxF "$header" "$unshipped" | grep -v '^\*REMOVED\*' || true; } \
      | { grep -vxF -f "$removed" || true; } | LC_ALL=C sort -u | LC_ALL=C sort -f
  } >"$shipped.tmp"
  mv "$shipped.tmp" "$shipped"
  echo "$header" >"$unshipped"
  rm -f "$removed"
  echo "$shipped: $(($(wc -l <"$shipped") - 1)) members"
done
