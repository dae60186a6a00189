# Vigil — build, test and SAM build targets.
#   make test    the full test suite (what CI runs): mvn verify
#   make demo    ./vigil demo
#   make lint    cfn-lint on template.yaml
#   make bench   throughput figures (replay --stats on a generated 600k-datapoint stream)
#   make bench-coldstart   jar size and cold-start proxy (fresh JVM, C1, constructor + first event) per function
# SAM calls build-<LogicalId> with ARTIFACTS_DIR (BuildMethod: makefile); each function's shaded jar goes in lib/.

MVN ?= mvn
MVN_FLAGS ?= -B -q
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))

.PHONY: test build demo lint bench bench-billing bench-coldstart statemachine-check clean

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
# config/vigil.yaml travels with the code: /var/task/config/vigil.yaml (INCIDENT_CONFIG, SLO_CONFIG).
define sam_function
	cd $(ROOT) && $(MVN) $(MVN_FLAGS) -DskipTests -pl functions/$(1) -am package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(ROOT)functions/$(1)/target/vigil-$(1)-*-lambda.jar $(ARTIFACTS_DIR)/lib/
endef

define bundle_config
	mkdir -p $(ARTIFACTS_DIR)/config
	cp $(ROOT)config/vigil.yaml $(ARTIFACTS_DIR)/config/vigil.yaml
endef

build-MetricStreamFunction:
	$(call sam_function,metric-stream)
	$(call bundle_config)

build-IncidentFunction:
	$(call sam_function,incident)
	$(call bundle_config)

# The three remediation functions share one jar: one Maven run, copied for the other two (sam build may run the
# targets in any order, so the first one to run builds it).
REMEDIATION_JAR = $(ROOT)functions/remediation/target/vigil-remediation-0.1.0-SNAPSHOT-lambda.jar
define remediation_function
	@[ -f $(REMEDIATION_JAR) ] && [ -z "$$(find $(ROOT)functions/remediation/src $(ROOT)shared -newer $(REMEDIATION_JAR) -name '*.java' -print -quit)" ] \
	  || (cd $(ROOT) && $(MVN) $(MVN_FLAGS) -DskipTests -pl functions/remediation -am package)
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(REMEDIATION_JAR) $(ARTIFACTS_DIR)/lib/
endef

build-RemediationPlanFunction:
	$(call remediation_function)

build-RemediationActFunction:
	$(call remediation_function)

build-RemediationNotifyFunction:
	$(call remediation_function)

build-SlackApprovalFunction:
	$(call sam_function,slack-approval)

build-BillingExportFunction:
	$(call sam_function,billing-export)

build-CostReportFunction:
	$(call sam_function,cost-report)

# The state machine checks on their own (also run by mvn verify through StateMachineEngineTest).
statemachine-check:
	cd infra/statemachine && npm ci --no-audit --no-fund && npm test

# ---- cost-now
build-CostNowFunction:
	$(call sam_function,cost-now)

# ---- incident --------------------------------------------------------------
# config/vigil.yaml travels with the code: /var/task/config/vigil.yaml (INCIDENT_CONFIG, SLO_CONFIG).
define bundle_config
	mkdir -p $(ARTIFACTS_DIR)/config
	cp $(ROOT)config/vigil.yaml $(ARTIFACTS_DIR)/config/vigil.yaml
endef

bench-billing:
	bash bench/billing-bench.sh

bench-coldstart:
	bash bench/coldstart.sh
