"""The whole product on one machine: embedded AWS (moto server), the API (chalice local) and the
built site, each bound to 127.0.0.1. `make run` starts it; the end-to-end and browser tests
start their own copy on free ports."""
