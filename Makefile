# The two commands of the README: `make run` and `make test`. Each installs into .venv first what
# it needs, with the pinned versions of requirements/: run.txt for `make run` (the backend, the
# embedded AWS, the site), infra.txt adds the AWS CDK for `make synth`, test.txt adds every test
# tool and the CDK for `make test`. One stamp per set, so `make run` never waits for the others.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# --no-compile: a module is compiled when first imported, not every module of every package at install.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile
CONSTRAINTS := requirements/constraints.txt
BASE_STAMP := $(VENV)/.base-stamp
RUN_STAMP := $(VENV)/.run-stamp
INFRA_STAMP := $(VENV)/.infra-stamp
TEST_STAMP := $(VENV)/.test-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test lint typecheck architecture unit integration e2e site-tests browser bench soak audit install install-run install-infra install-test clean synth node translations

# The virtual environment with pinned pip/setuptools, and the `complaints` command (no dependencies).
$(BASE_STAMP): requirements/bootstrap.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	@# The interpreter's own pip fills the new environment (seconds); ensurepip takes half a minute.
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check --no-compile \
		-r requirements/bootstrap.txt || { $(BIN)/python -m ensurepip --upgrade && $(PIP) -r requirements/bootstrap.txt; }
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $@

$(RUN_STAMP): $(BASE_STAMP) requirements/run.txt backend/requirements.txt $(CONSTRAINTS)
	$(PIP) -r requirements/run.txt -c $(CONSTRAINTS)
	@touch $@

$(INFRA_STAMP): $(RUN_STAMP) requirements/infra.txt
	$(PIP) -r requirements/infra.txt -c $(CONSTRAINTS)
	@touch $@

$(TEST_STAMP): $(RUN_STAMP) $(INFRA_STAMP) requirements/test.txt
	$(PIP) -r requirements/test.txt -c $(CONSTRAINTS)
	@touch $@

install-run: $(RUN_STAMP)
install-infra: $(INFRA_STAMP)
install-test: $(TEST_STAMP)
install: install-test

run: install-run
	$(BIN)/python -m devstack

test: install-test lint typecheck architecture
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r backend devstack -lll

typecheck: install-test
	$(BIN)/mypy

architecture: install-test
	$(BIN)/lint-imports

# The CloudFormation templates of every stage (infra/stages.toml), into infra/cdk.out/, with no AWS
# account. The CDK runs its constructs in Node.js (jsii): .ci/run installs it on a fresh Debian.
synth: install-infra node
	$(BIN)/python -m infra --outdir infra/cdk.out

node:
	@command -v node >/dev/null 2>&1 || { \
		echo "make: Node.js is needed by the AWS CDK (jsii) and was not found on PATH." >&2; \
		echo "      Debian/Ubuntu: sudo apt-get install nodejs   (or run .ci/run, which installs it)" >&2; \
		exit 1; }

# The customer guide: built with --strict and checked (tests/site/); EDITING.md says what each check means.
site-tests: install-test
	$(BIN)/pytest tests/site

# For editors: pages missing in French or Italian, or older than their English source.
translations: install-run
	$(BIN)/python scripts/translations.py

bench: install-run
	$(BIN)/python -m bench

# The load and API-description tests of `make test`, run longer: 4 clients for a minute, and
# 200 generated requests per operation (tests/e2e/test_load.py, tests/e2e/test_schemathesis.py).
soak: install-test
	LOAD_CLIENTS=4 LOAD_SECONDS=60 SCHEMATHESIS_EXAMPLES=200 $(BIN)/pytest tests/e2e/test_load.py tests/e2e/test_schemathesis.py

# Known vulnerabilities in the backend's pinned packages. Needs PyPI's vulnerability data, which
# offline machines cannot reach, so it is not part of `make test` (design/threats.md).
audit: install-test
	$(BIN)/pip-audit --strict -r backend/requirements.txt

clean:
	rm -rf $(VENV) site infra/cdk.out .pytest_cache .mypy_cache .ruff_cache
