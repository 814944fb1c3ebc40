# harness/targets.mk — `make report`, `make bench` and `make gate-eval`
# (included by the Makefile).  report = build, then grbench run -> conformance -> plot ->
# report; bench = the same without the report.  Sized for this 2-core VM:
# the default run of all seven rows (the three grbench schedulers, the two
# Boost.Fiber backends, gccgo and gc) took 21 minutes with conformance on a
# quiet machine (results/baseline-epyc-2core-6), QUICK=1 about 4.
#
#   make report                 full run, REPORT.md at the top level
#   make report QUICK=1         smoke run (short times, tiny workload sizes)
#   make report RUN_ID=baseline-vm   name the result set (results/baseline-* is committed)
#   make bench GRBENCH_RUN_ARGS='--backends pthread --filter Chan'
#
# Invariants: every step runs on the result set that `run` just made
# (results/$(RUN_ID)); conformance failures and failed cells are reported
# in REPORT.md rather than stopping the report (the `-` prefixes), but a
# harness error (exit 2) stops make.
GRBENCH := $(BUILD)/harness/grbench
RUN_ID ?= $(shell date -u +%Y%m%d-%H%M%S)
# Expand once: every step must name the same set.
RUN_ID := $(RUN_ID)
ifeq ($(QUICK),1)
# Budget 150: the gccgo row's cells cost about 0.8 s each (0.25-0.5 s of
# it is starting a gccgo binary), so at 90 the third round did not start.
GRBENCH_RUN_DEFAULTS := --quick --budget 150 --cell-timeout 60
GRBENCH_CONF_DEFAULTS := --timeout 300
else
# Six interleaved rounds (the fewest that give a 95% paired interval), each
# repetition 0.05 s: about 10 minutes for 218 cells on the 2-core VM.  The
# budget only caps a run gone wrong (no repetition starts after 1.5x it):
# the boostfiber rows took the run to 20 minutes, and the gccgo row adds
# about 8 more (its skynet 1M takes 10 s a run here, idle 100000 7 s).
GRBENCH_RUN_DEFAULTS := --repetitions 6 --mem-runs 2 --min-time 0.05 --budget 1500 --cell-timeout 240
GRBENCH_CONF_DEFAULTS := --timeout 600
endif
GRBENCH_RUN_ARGS ?=

.PHONY: report bench gate-eval

# Exit 1 of run/conformance means "a cell or a clause failed": recorded in
# the set and the report; exit 2 (an error of the harness itself) stops make.
define grbench_step
	@$(1); rc=$$?; if [ $$rc -ge 2 ]; then echo "make: '$(1)' failed (exit $$rc)" >&2; exit $$rc; fi
endef

# The rows: every backend of $(BUILD), plus the two Boost.Fiber backends
# built beside it when $(BUILD) lacks them (tools/report-backends.sh), in
# the run and in the conformance matrix alike; a --backends in
# GRBENCH_RUN_ARGS comes later and wins.  In the run (not in the
# conformance matrix, which tests each backend's defaults) their stacks are
# the core's pooled ones (GR_BOOSTFIBER_STACK=pool) unless the caller sets
# the variable: with Boost's protected_fixedsize_stack the skynet 1M and idle
# 100000 workloads reach the live-goroutine cap (vm.max_map_count) and
# skip, and so would the port-overhead pair.  The report names the setting.
GR_BOOSTFIBER_STACK ?= pool
REPORT_BACKENDS = $$(tools/report-backends.sh $(BUILD))
bench: build
	$(call grbench_step,GR_BOOSTFIBER_STACK=$(GR_BOOSTFIBER_STACK) $(GRBENCH) run --id $(RUN_ID) $(GRBENCH_RUN_DEFAULTS) $(REPORT_BACKENDS) $(GRBENCH_RUN_ARGS))
	$(call grbench_step,$(GRBENCH) conformance --results $(RUN_ID) $(GRBENCH_CONF_DEFAULTS) $(REPORT_BACKENDS))
	$(call grbench_step,$(GRBENCH) plot $(RUN_ID))

# The reliability section comes from the last `make check-all`, if any.
RELIABILITY := $(wildcard $(BUILD)-check/reliability.json)

report: bench
	$(GRBENCH) report $(RUN_ID) $(if $(RELIABILITY),--reliability $(RELIABILITY))

# The statistical half of the CI gate, measured: A/A and A/B rates of
# `grbench ab` against the slow fixture, a full gate run's time, and the
# reproducibility of instruction counts (tools/gate-eval.sh; about 30
# minutes; a benchmark evaluation whose rates are reported, never retried).
gate-eval: build
	tools/gate-eval.sh $(BUILD)
