"""deploy/run without starting anything: HAProxy's generated config, the secret file, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from deploy.cluster import State, haproxy_config, new_replica, replica_env

REPO = Path(__file__).resolve().parents[1]


def a_state(tmp_path: Path) -> State:
    state = State(tmp_path)
    state.data = {"port": 18080, "replicas": []}
    for _ in range(2):
        new_replica(state)
    return state


def test_haproxy_config_is_sticky_checked_and_websocket_friendly(tmp_path: Path) -> None:
    state = a_state(tmp_path)
    config = haproxy_config(state)
    lines = [line.strip() for line in config.splitlines()]
    assert "cookie SERVERID insert indirect nocache" in lines
    assert "timeout tunnel 1h" in lines
    assert "option httpchk GET /_stcore/health" in lines
    assert "http-check expect string ok" in lines
    assert "default-server inter 1s fall 3 rise 1" in lines
    assert "timeout check 5s" in lines
    assert "option redispatch" in lines
    assert "bind 127.0.0.1:18080" in lines
    for replica in state.replicas:  # the cookie's value is the replica's name
        name, port = replica["name"], replica["port"]
        assert f"server {name} 127.0.0.1:{port} check cookie {name}" in lines
    assert [r["name"] for r in state.replicas] == ["r1", "r2"]


def test_replicas_get_their_own_folders_and_ports(tmp_path: Path) -> None:
    state = a_state(tmp_path)
    first, second = state.replicas
    assert first["port"] != second["port"]
    assert first["cache"] != second["cache"] and first["data"] != second["data"]


def test_the_cookie_secret_is_made_once_and_readable_only_by_its_owner(tmp_path: Path) -> None:
    state = State(tmp_path)
    secret = state.cookie_secret()
    assert len(secret) == 64 and state.cookie_secret() == secret
    assert state.secret_file.stat().st_mode & 0o777 == 0o600


def test_status_and_down_with_nothing_up(tmp_path: Path) -> None:
    env = {**os.environ, "DEPLOY_STATE_DIR": str(tmp_path / "none")}
    run = [sys.executable, str(REPO / "deploy" / "run")]
    status = subprocess.run([*run, "status", "--format", "json"], env=env, capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip
    assert json.loads(status.stdout) == []
    down = subprocess.run([*run, "down"], env=env, capture_output=True, text=True, timeout=60)
    assert down.returncode == 0 and not (tmp_path / "none").exists()


def test_streamlit_takes_the_cookie_secret_from_the_environment(tmp_path: Path) -> None:
    """The replicas get the secret as STREAMLIT_SERVER_COOKIE_SECRET, not on the command line."""
    state = a_state(tmp_path)
    state.data["database_url"] = "sqlite://"
    env = replica_env(state, state.replicas[0])
    code = "from streamlit import config; print(config.get_option('server.cookieSecret'))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == state.cookie_secret()
