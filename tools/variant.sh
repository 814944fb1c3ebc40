#!/usr/bin/env bash
# variant.sh — the one table of grbench's build variants, and the one way
# to set up a build folder for one of them.  Every tool that needs a
# sanitizer, fuzzing or cross build takes its Meson options from here.
#
# Usage:
#   tools/variant.sh args NAME            print NAME's Meson options
#   tools/variant.sh setup DIR NAME [-Dopt=value...]
#                                          configure DIR as NAME (plus the
#                                          extra options), or set it up
#                                          afresh (--wipe) when it was set up
#                                          with other options
#   tools/variant.sh backends DIR         the backends DIR builds, one line;
#                                          exit 1 when there are none
# Variants:
#   plain    the normal build, the Go reference off
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan     ThreadSanitizer (make race and check-all alike)
#   fuzz     clang, ASan+UBSan and -fsanitize=fuzzer-no-link, for the
#            libFuzzer target (only the backends' static archives are used)
#   aarch64  the cross build for qemu (ws only)
# Invariants: a folder's options are recorded in DIR/grbench-variant.args,
# and a setup with different options wipes and sets it up again (never
# silently reuses a folder configured otherwise); the table below is the only place the
# variants' options are written.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)

variant_args() {
  case "$1" in
    plain)   echo "-Dgo_reference=disabled" ;;
    asan)    echo "-Db_sanitize=address,undefined -Db_lundef=false -Dbench=disabled -Dgo_reference=disabled" ;;
    tsan)    echo "-Db_sanitize=thread -Db_lundef=false -Dbench=disabled -Dgo_reference=disabled" ;;
    fuzz)    echo "-Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false -Dc_args=-fsanitize=fuzzer-no-link -Dbench=disabled -Dgo_reference=disabled" ;;
    aarch64) echo "--cross-file $src/tools/cross/aarch64-linux-gnu.ini -Dbackends=ws -Dbench=disabled -Dgo_reference=disabled" ;;
    *) echo "variant.sh: unknown variant '$1' (plain, asan, tsan, fuzz, aarch64)" >&2; return 2 ;;
  esac
}

cmd=${1:-}
case "$cmd" in
  args)
    [ $# -eq 2 ] || { echo "usage: tools/variant.sh args NAME" >&2; exit 2; }
    variant_args "$2"
    ;;
  setup)
    [ $# -ge 3 ] || { echo "usage: tools/variant.sh setup DIR NAME [-Dopt=value...]" >&2; exit 2; }
    dir=$2 name=$3; shift 3
    args=$(variant_args "$name") || exit 2
    # shellcheck disable=SC2206
    want=($args "$@")
    record="$name ${want[*]}"
    if [ -f "$dir/build.ninja" ]; then
      [ "$(cat "$dir/grbench-variant.args" 2>/dev/null)" = "$record" ] && exit 0
      # --wipe, not --reconfigure: a reconfigure keeps every option it is
      # not given (a fuzz folder made tsan would keep -fsanitize=fuzzer-no-link).
      echo "variant.sh: $dir was set up with other options: setting it up again as $name" >&2
      meson setup --wipe "$dir" "$src" "${want[@]}" || exit 1
    else
      meson setup "$dir" "$src" "${want[@]}" || exit 1
    fi
    printf '%s\n' "$record" >"$dir/grbench-variant.args"
    ;;
  backends)
    [ $# -eq 2 ] || { echo "usage: tools/variant.sh backends DIR" >&2; exit 2; }
    list=$(meson introspect --buildoptions "$2" | python3 -c \
      'import json, sys; print(" ".join(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "backends")))') ||
      { echo "variant.sh: cannot read the backends of $2" >&2; exit 1; }
    [ -n "$list" ] || { echo "variant.sh: $2 builds no backend" >&2; exit 1; }
    echo "$list"
    ;;
  *)
    echo "usage: tools/variant.sh args NAME | setup DIR NAME [-Dopt=value...] | backends DIR" >&2
    exit 2
    ;;
esac
