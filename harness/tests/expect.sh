# expect.sh — the line assertions of the harness's shell tests, sourced by
# cli.sh, gccgo_row.sh and the other tests/*.sh once they have defined
# fail MSG (which reports and exits 1):
#   expect_line FILE REGEX WHAT      fail WHAT unless a line of FILE matches
#                                    REGEX (grep's basic regular expression)
#   expect_text FILE TEXT WHAT       the same for a fixed string
#   expect_no_line FILE REGEX WHAT   fail WHAT when a line matches REGEX
#   expect_no_text FILE TEXT WHAT    fail WHAT when a line holds TEXT
# Invariants: they read FILE only; a missing FILE counts as no line at all.
expect_line() { grep -q -- "$2" "$1" || fail "$3"; }
expect_text() { grep -qF -- "$2" "$1" || fail "$3"; }
expect_no_line() { ! grep -q -- "$2" "$1" || fail "$3"; }
expect_no_text() { ! grep -qF -- "$2" "$1" || fail "$3"; }
