#!/usr/bin/env bash
# format-check.sh — the one C style: the repository's .clang-format (made
# from backends/core's hand-kept style) holds for every file it covers.
#   tools/format-check.sh          list the files that differ, exit 1 if any
#   tools/format-check.sh --fix    rewrite them in place (make format)
# Covered: backends/core and harness (C11; the harness was the one part
# written in another style).  Invariants: never edits without --fix; exit 2
# when clang-format is missing (make deps installs it) or covers nothing.
set -u
cd "$(dirname "$0")/.."
CF=$(command -v clang-format || command -v clang-format-14 || true)
[ -n "$CF" ] || { echo "format-check: clang-format is not installed (make deps)" >&2; exit 2; }
mapfile -t files < <(git ls-files -- 'backends/core/*.[ch]' 'harness/*.[ch]' 'harness/tests/*.[ch]' 2>/dev/null ||
                     find backends/core harness -name '*.[ch]' | sort)
[ "${#files[@]}" -gt 0 ] || { echo "format-check: no files to check" >&2; exit 2; }
if [ "${1:-}" = --fix ]; then
  "$CF" -i --style=file "${files[@]}"
  echo "format-check: formatted ${#files[@]} files"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$CF" --style=file "$f" | cmp -s - "$f"; then
    echo "format-check: $f differs from .clang-format (tools/format-check.sh --fix, or make format)"
    bad=$((bad + 1))
  fi
done
[ "$bad" = 0 ] && echo "format-check: ${#files[@]} files follow .clang-format" && exit 0
exit 1
