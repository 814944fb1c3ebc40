#!/usr/bin/env bash
# report-backends.sh — the backends of `make report` / `make bench`: every
# backend built in BUILD, plus the two Boost.Fiber backends when Boost.Fiber
# is installed and BUILD does not build them (they are not in the default
# `backends` list; tools/boostfiber-libs.sh builds their libraries in
# BUILD-boostfiber/lib, the folder make test uses too).  So a default
# checkout's report has the rows of every scheduler grbench can run here.
#
# Usage: tools/report-backends.sh BUILD
# Prints `--backends LIST` for grbench run and grbench conformance (LIST as
# their --backends takes it: names of BUILD's backends, LABEL=PATH for the
# others), or nothing when BUILD has no backend (grbench then says so).
# A Boost.Fiber build that fails is reported on stderr and left out; it
# never stops the report.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: report-backends.sh BUILD}

# grbench's own schedulers first, then any other folder (a third-party one)
list=
for name in pthread ucontext ws $(ls "$build/backends" 2>/dev/null); do
  [ -f "$build/backends/$name/libgr.so.1" ] || continue
  case ",$list," in *",$name,"*) continue ;; esac
  list=${list:+$list,}$name
done
[ -n "$list" ] || exit 0
case ",$list," in
  *,boostfiber-ws,*|*,boostfiber-shared,*) ;;
  *)
    if extra=$("$src/tools/boostfiber-libs.sh" "$build-boostfiber/lib"); then
      list=$list,$extra
    else
      [ $? -eq 77 ] || echo "report-backends: the Boost.Fiber backends did not build; their rows are left out" >&2
    fi ;;
esac
echo "--backends $list"
