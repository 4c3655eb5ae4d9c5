# The two commands the README promises. Both set up everything they need.
.PHONY: run test lint bench-list bench-import bench-pages bench-funding bench-load bench-formation

run:  ## set up and serve the app with the demo tenant at http://127.0.0.1:8000/
	bash scripts/run.sh

test:  ## set up and run the whole test suite (PostgreSQL, Redis, a Celery worker, Chromium)
	bash scripts/test.sh $(ARGS)

lint:  ## ruff, mypy (django-stubs; the baseline is in pyproject.toml) and djlint on the templates
	.venv/bin/ruff check .
	.venv/bin/mypy
	.venv/bin/djlint templates --lint

bench-list:  ## requests/s of the schools list against a trivial view (PostgreSQL, gunicorn, wrk)
	bash scripts/with_services.sh .venv/bin/python bench/bench_school_list.py

bench-import:  ## GIAS import of 25,000 establishments against a bare COPY (PostgreSQL)
	bash scripts/with_services.sh .venv/bin/python bench/bench_gias_import.py

bench-pages:  ## every page's time against a trivial view on a 1,000-school council (PostgreSQL, Redis, gunicorn, wrk)
	bash scripts/with_services.sh .venv/bin/python bench/bench_pages.py $(ARGS)

bench-funding:  ## draft allocation runs for all 150 councils against reading their inputs; the what-if page on gunicorn
	bash scripts/with_services.sh .venv/bin/python bench/bench_funding_runs.py $(ARGS)

bench-load:  ## 50 then 150 signed-in people at once for 2 minutes each (gunicorn, Celery, PostgreSQL, Redis, locust)
	bash scripts/with_services.sh bash -c '.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock && .venv/bin/python bench/bench_load.py $(ARGS)'

bench-formation:  ## the partnership generator against the greedy baseline, then against OR-Tools' CP-SAT (pure Python, about 15 minutes)
	.venv/bin/python bench/bench_formation.py
	.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	.venv/bin/python bench/bench_formation_optimum.py $(ARGS)
