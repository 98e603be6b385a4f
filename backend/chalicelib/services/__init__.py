"""Use cases, one module per concern. Each takes its adapters (repository, mailer, file store) and
the clock as arguments; none reads the environment or imports boto3 or chalice (pyproject.toml's
import-linter contracts).

- `intake`: a customer files a complaint (validation, idempotency, rate limit, storage)
- `acknowledgements`: the acknowledgement email, sent exactly once
- `access`: a customer opens their complaint with its reference and tracking token
- `attachments`: uploads, filing them with a complaint, handlers' downloads
- `handling`: the handlers' actions and the letters they send
- `oversight`: a complaint's file, the due list, the deadline monitor
- `register`: the complaints register and its figures
- `jobs`: the scheduled jobs (retries, monitor), called by app.py and the local stack
- `errors`: what the use cases report, which api/ maps to statuses
"""
