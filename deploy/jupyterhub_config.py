# JupyterHub for a casekit cohort: one Unix user per trainee, each opening on their own pack.
#
#   CASEKIT_COHORT=/srv/casekit/cohort-2026q4 jupyterhub -f deploy/jupyterhub_config.py
#
# The Littlest JupyterHub: copy this file to /opt/tljh/config/jupyterhub_config.d/casekit.py
# (TLJH's own settings still apply: its authenticator and its jupyter-<name> users).
# Environment (all optional but CASEKIT_COHORT):
#   CASEKIT_COHORT     the cohort folder made by `casekit cohort init` and `build` (hub-only:
#                      it holds the secret; each trainee gets a copy of their pack at first login)
#   CASEKIT_HUB_IP     address to listen on (default 0.0.0.0); CASEKIT_HUB_PORT (default 8000)
#   CASEKIT_HUB_STATE  folder for the hub's database, cookie secret and proxy token
#   CASEKIT_TEST_HOMES test only: every "user" is this Unix user, homes under this folder,
#                      passwords from CASEKIT_TEST_PASSWORD (never on a real server)
import os
from functools import partial
from pathlib import Path

from casekit.cohort.hub import allowed_users, pre_spawn

c = get_config()  # noqa: F821 (JupyterHub defines it)
cohort = os.environ["CASEKIT_COHORT"]
state = Path(os.environ.get("CASEKIT_HUB_STATE", "/srv/casekit/hub"))
state.mkdir(parents=True, exist_ok=True)

c.JupyterHub.bind_url = f"http://{os.environ.get('CASEKIT_HUB_IP', '0.0.0.0')}:{os.environ.get('CASEKIT_HUB_PORT', '8000')}"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.Authenticator.allowed_users = allowed_users(cohort)
c.Spawner.pre_spawn_hook = partial(pre_spawn, cohort_root=cohort)
c.Spawner.mem_limit = "1G"  # measured: see deploy/README.md
c.Spawner.cpu_limit = 1.0
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120

homes = os.environ.get("CASEKIT_TEST_HOMES")
if homes:  # the CI test: no Unix users to create, no PAM
    from jupyterhub.auth import DummyAuthenticator

    c.JupyterHub.authenticator_class = DummyAuthenticator
    c.DummyAuthenticator.password = os.environ["CASEKIT_TEST_PASSWORD"]
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(Path(homes) / "{username}")
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['CASEKIT_HUB_API_PORT']}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CASEKIT_PROXY_API_PORT']}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.cleanup_servers = True
    if os.geteuid() == 0:  # CI runs as root; the test's "users" are all the hub's own user
        c.Spawner.args = ["--allow-root"]
else:  # a real server: PAM users (one per trainee), LocalProcessSpawner runs each as itself
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
