#!/bin/sh
# report_images.sh — every image that a report embeds exists (Meson suite
# 'harness': run on the committed REPORT.md, and by cli.sh on a generated
# one).  Usage: report_images.sh REPORT.md
# Each Markdown image link ![alt](path) must be a relative path (absolute
# paths and URLs do not resolve on GitHub), must not climb out of the
# report's folder, and must name an existing, non-empty file relative to
# the report's folder, which is how GitHub and a local viewer resolve it.
# A report with no image at all fails too: `make report` embeds plots.
# Exit 0 pass, 1 fail.
set -u
rep=$1
[ -f "$rep" ] || { echo "FAIL: no $rep"; exit 1; }
dir=$(dirname "$rep")
links=$(grep -o '!\[[^]]*\]([^)]*)' "$rep" | sed 's/^!\[[^]]*\](\([^)]*\))$/\1/')
[ -n "$links" ] || { echo "FAIL: $rep embeds no image"; exit 1; }
bad=0; n=0
for l in $links; do
  n=$((n + 1))
  case "$l" in
    /*|*://*) echo "FAIL: $rep: image link $l is not relative"; bad=1; continue ;;
    ../*|*/../*) echo "FAIL: $rep: image link $l climbs out of the report's folder"; bad=1; continue ;;
  esac
  [ -s "$dir/$l" ] || { echo "FAIL: $rep: image $l does not exist (looked for $dir/$l)"; bad=1; }
done
[ "$bad" = 0 ] && echo "ok: $n image links in $rep resolve"
exit $bad
