#!/usr/bin/env bash
# Writes the public API of every package into its PublicAPI.Unshipped.txt: each public member the analyzer reports as
# undeclared (RS0016) is added, in the order its code fix uses. With --remove, each declared member that no longer
# exists (RS0017) is also dropped from PublicAPI.Unshipped.txt, or marked *REMOVED* there if it had shipped.
# Review the result with `git diff -- '*PublicAPI*.txt'`: every line is a change to what users compile against.
#
# Why not `dotnet format analyzers --diagnostics RS0016`: on a solution it fixes one project per run
# (dotnet/roslyn-analyzers#7394), and a new file's header and its entries cannot be fixed in one run. The analyzer's
# own messages carry the exact line it wants, so one build of the packages gives every missing line at once.
set -euo pipefail
cd "$(dirname "$0")/.."

remove=false
case "${1:-}" in
  --remove) remove=true ;;
  "") ;;
  *) echo "usage: eng/update-public-api.sh [--remove]" >&2; exit 2 ;;
esac

filter=Hyperswitch.Email.Packages.slnf
# Every package must be in the solution filter, or its API would silently go unwritten.
for project in src/*/*.csproj; do
  if ! grep -qF "$(basename "$project")\"" "$filter"; then
    echo "$project is not in $filter: add it there (the packages this script builds)." >&2
    exit 1
  fi
done

header='#nullable enable'
# A new package: both files, with nullability tracked (RS0037), before the analyzer can report anything (RS0048).
for dir in src/*/; do
  for file in "$dir"PublicAPI.Shipped.txt "$dir"PublicAPI.Unshipped.txt; do
    if [ ! -s "$file" ]; then
      echo "$header" >"$file"
    elif [ "$(head -n 1 "$file")" != "$header" ]; then
      { echo "$header"; cat "$file"; } >"$file.tmp" && mv "$file.tmp" "$file"
    fi
  done
done

log=$(mktemp)
trap 'rm -f "$log" "$log".*' EXIT
# Every project compiled again (an up-to-date one would report nothing), with the API diagnostics as warnings so that a
# package whose dependency is missing lines still compiles; the other analyzers are off, for speed. Debug, so that the
# Release output of a normal build stays as it was.
DOTNET_CLI_UI_LANGUAGE=en dotnet build "$filter" -c Debug --no-incremental -tl:off -nologo -v q \
  -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -p:EnableNETAnalyzers=false -p:EnforceCodeStyleInBuild=false \
  >"$log" 2>&1 || true

# "<file>(l,c): warning RS0016: Symbol '<line>' is not part of the declared public API (<help>) [<project>::TargetFramework=…]"
sed -nE "s/^.* RS0016: Symbol '(.*)' is not part of the declared public API .*\[([^]]*\.csproj)(::[^]]*)?\]$/\2\t\1/p" "$log" \
  | sort -u >"$log.added"
# "<dir>/PublicAPI.Unshipped.txt(l,c): warning RS0017: Symbol '<line>' is part of the declared API, but is either not public or could not be found"
sed -nE "s/^(.*\/PublicAPI\.(Shipped|Unshipped)\.txt)\([0-9,]+\): warning RS0017: Symbol '(.*)' is part of the declared API, but .*$/\1\t\3/p" "$log" \
  | sort -u >"$log.removed"

# A failure other than the API diagnostics (a compile error, a restore failure) is not ours to hide.
if grep -E ': error ' "$log" | grep -vqE ' error RS00(16|17|36|37|48):'; then
  grep -E ': error ' "$log" | sort -u >&2
  echo "The build failed for another reason than the public API files; fix that first." >&2
  exit 1
fi

# The code fix's order: ordinal ignoring case, then ordinal (LC_ALL=C sort -f), after the header.
sort_api() {
  { echo "$header"; grep -vxF "$header" "$1" | LC_ALL=C sort -u | LC_ALL=C sort -f; } >"$1.tmp" && mv "$1.tmp" "$1"
}

changed=0
while IFS=$'\t' read -r project line; do
  unshipped="$(dirname "$project")/PublicAPI.Unshipped.txt"
  if ! grep -qxF -- "$line" "$unshipped"; then
    printf '%s\n' "$line" >>"$unshipped"
    echo "+ ${unshipped#"$PWD/"}: $line"
    changed=1
  fi
done <"$log.added"

stale=0
while IFS=$'\t' read -r file line; do
  unshipped="$(dirname "$file")/PublicAPI.Unshipped.txt"
  if ! $remove; then
    echo "RS0017 ${file#"$PWD/"}: $line (gone from the code; run with --remove to take it out)" >&2
    stale=1
  elif [[ "$file" == */PublicAPI.Unshipped.txt ]]; then
    grep -vxF -- "$line" "$unshipped" >"$unshipped.tmp" || true
    mv "$unshipped.tmp" "$unshipped"
    echo "- ${unshipped#"$PWD/"}: $line"
    changed=1
  elif ! grep -qxF -- "*REMOVED*$line" "$unshipped"; then
    printf '*REMOVED*%s\n' "$line" >>"$unshipped"
    echo "- ${unshipped#"$PWD/"}: *REMOVED*$line (it had shipped: a breaking change)"
    changed=1
  fi
done <"$log.removed"

for file in src/*/PublicAPI.Unshipped.txt; do
  sort_api "$file"
done

if [ "$changed" -eq 0 ] && [ "$stale" -eq 0 ]; then
  echo "The PublicAPI files already declare every public member."
fi
exit "$stale"
