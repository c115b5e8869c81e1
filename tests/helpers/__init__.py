"""What the tests share that is not a test: the test folders hold only `test_*.py`,
`conftest.py` (fixtures) and `__init__.py` (tests/test_architecture__layout.py holds it).

- `api_journey`: a case moved through the lifecycle over the HTTP API, role by role
- `lifecycle_driver`: the diagrams of bpmn/ driven in memory with SpiffWorkflow, and valid forms
- `diagram_variants`: edited walking skeletons and lifecycles to deploy (with the `versions` fixture)
- `plan_imports`: a case in creation with an example plan imported, the seed figures
- `page_client`: pages through Flask's test client (login with the CSRF token, forms)
- `browser_people`: people in Chromium (Playwright), form filling, screenshots
- `access_policy`, `access_probe`: the declared access policy and the prober of the access matrix
- `engine_diagrams`: the small diagrams of tests/engine/diagrams/ deployed for a test, cases on them
- `scheduler_harness`: the scheduler's test diagram, scheduler threads and processes
- `databases`: a second, empty database beside the suite's, and an app on it
- `case_clones`: many copies of a case at one step; `case_consistency`: a case read back after a fault
- `crash_child`: a child process that takes one step and SIGKILLs itself mid-way (tests/faults)
- `colleagues`: second accounts of the demo's offices (转办, 委派 between colleagues)
- `smtp_server`: a real SMTP server (aiosmtpd) on loopback that keeps what it received
- `postgres_server`: a throw-away PostgreSQL server; `flow_coverage`: the `--flow-coverage` plugin
"""
