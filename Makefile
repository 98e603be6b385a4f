# The two commands of the README: `make run` and `make test`. Both install what they need
# into .venv first, with the pinned versions of requirements/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test lint typecheck architecture unit integration e2e site-tests browser bench soak audit install clean synth node translations

$(STAMP): requirements/bootstrap.txt requirements/dev.txt requirements/constraints.txt backend/requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bootstrap.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt -c requirements/constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP)

run: install
	$(BIN)/python -m devstack

test: install lint typecheck architecture
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r backend devstack -lll

typecheck: install
	$(BIN)/mypy

architecture: install
	$(BIN)/lint-imports

# The CloudFormation templates of every stage (infra/stages.toml), into infra/cdk.out/, with no AWS
# account. The CDK runs its constructs in Node.js (jsii): .ci/run installs it on a fresh Debian.
synth: install node
	$(BIN)/python -m infra --outdir infra/cdk.out

node:
	@command -v node >/dev/null 2>&1 || { \
		echo "make: Node.js is needed by the AWS CDK (jsii) and was not found on PATH." >&2; \
		echo "      Debian/Ubuntu: sudo apt-get install nodejs   (or run .ci/run, which installs it)" >&2; \
		exit 1; }

# The customer guide: built with --strict and checked (tests/site/); EDITING.md says what each check means.
site-tests: install
	$(BIN)/pytest tests/site

# For editors: pages missing in French or Italian, or older than their English source.
translations: install
	$(BIN)/python scripts/translations.py

bench: install
	$(BIN)/python -m bench

# The load and API-description tests of `make test`, run longer: 4 clients for a minute, and
# 200 generated requests per operation (tests/e2e/test_load.py, tests/e2e/test_schemathesis.py).
soak: install
	LOAD_CLIENTS=4 LOAD_SECONDS=60 SCHEMATHESIS_EXAMPLES=200 $(BIN)/pytest tests/e2e/test_load.py tests/e2e/test_schemathesis.py

# Known vulnerabilities in the backend's pinned packages. Needs PyPI's vulnerability data, which
# offline machines cannot reach, so it is not part of `make test` (design/threats.md).
audit: install
	$(BIN)/pip-audit --strict -r backend/requirements.txt

clean:
	rm -rf $(VENV) site infra/cdk.out .pytest_cache .mypy_cache .ruff_cache
