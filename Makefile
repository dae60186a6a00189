# Vigil — build, test and SAM build targets.
#   make test    the full test suite (what CI runs): mvn verify
#   make demo    ./vigil demo
#   make lint    cfn-lint on template.yaml
#   make bench   throughput figures (replay --stats on a generated 600k-datapoint stream)
# SAM calls build-<LogicalId> with ARTIFACTS_DIR (BuildMethod: makefile); each function's shaded jar goes in lib/.

MVN ?= mvn
MVN_FLAGS ?= -B -q
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))

.PHONY: test build demo lint bench clean

test:
	$(MVN) -B verify

build:
	$(MVN) $(MVN_FLAGS) -DskipTests package

demo:
	./vigil demo

lint:
	cfn-lint template.yaml

bench:
	bash bench/replay-bench.sh

clean:
	$(MVN) $(MVN_FLAGS) clean

# ---- SAM (sam build) -------------------------------------------------------
define sam_function
	cd $(ROOT) && $(MVN) $(MVN_FLAGS) -DskipTests -pl functions/$(1) -am package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(ROOT)functions/$(1)/target/vigil-$(1)-*-lambda.jar $(ARTIFACTS_DIR)/lib/
endef

build-MetricStreamFunction:
	$(call sam_function,metric-stream)
	$(call bundle_config)  # [incident] SLO_CONFIG

# ---- remediation
build-RemediationPlanFunction:
	$(call sam_function,remediation)

build-RemediationActFunction:
	$(call sam_function,remediation)

build-RemediationNotifyFunction:
	$(call sam_function,remediation)

build-SlackApprovalFunction:
	$(call sam_function,slack-approval)

# The state machine checks on their own (also run by mvn verify through StateMachineEngineTest).
.PHONY: statemachine-check
statemachine-check:
	cd infra/statemachine && npm ci --no-audit --no-fund && npm test
# ---- end remediation
# ---- billing
.PHONY: bench-billing
bench-billing:
	bash bench/billing-bench.sh

build-BillingExportFunction:
	$(call sam_function,billing-export)

build-CostReportFunction:
	$(call sam_function,cost-report)

# ---- cost-now
build-CostNowFunction:
	$(call sam_function,cost-now)

# ---- incident --------------------------------------------------------------
# config/vigil.yaml travels with the code: /var/task/config/vigil.yaml (INCIDENT_CONFIG, SLO_CONFIG).
define bundle_config
	mkdir -p $(ARTIFACTS_DIR)/config
	cp $(ROOT)config/vigil.yaml $(ARTIFACTS_DIR)/config/vigil.yaml
endef

build-IncidentFunction:
	$(call sam_function,incident)
	$(call bundle_config)
# ---- end incident
