# emptyset.sh — sourced by the report-section tests (report_memory.sh,
# report_preempt.sh): mkset DIR makes an empty result set (fingerprint,
# cells.csv and combined.csv with their headers only) to append rows to.
mkset() {
  mkdir -p "$1"
  echo '{}' > "$1/fingerprint.json"
  echo 'kind,backend,name,procs,status,seconds,detail,log' > "$1/cells.csv"
  echo 'suite,name,backend,procs,repetition,metric,value,unit' > "$1/combined.csv"
}
