"""What ``cpr`` exits with: one meaning for every command, so a scheduler can tell a month that
needs the data team (1, 2) from a deployment that needs an administrator (3)."""

CLEAN = 0  # every row loaded (warnings allowed)
QUARANTINED = 1  # loaded, but some rows are in quarantine
REJECTED = 2  # a month was rejected: nothing of it loaded or published
COULD_NOT_RUN = 3  # configuration, environment or internal error: nothing was judged

HELP = (
    "exit status: 0 clean (warnings allowed); 1 rows quarantined (the rest loaded); 2 a month "
    "rejected (nothing of it loaded or published); 3 could not run (configuration, environment "
    "or internal error)"
)
