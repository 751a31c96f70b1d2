"""`make bench`: load Guild's main pages with wrk under gunicorn and compare them with a floor."""
