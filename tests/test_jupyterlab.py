"""JupyterLab smoke test: a real server on loopback lists notebooks/ and runs the project kernel."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from analysis import paths

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, token: str, path: str, method: str = "GET", body: dict | None = None):
    req = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else None


def _execute(ws, code: str, timeout: float = 60) -> tuple[str, str]:
    """Send one execute_request; return (status, stdout) from the kernel's replies."""
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "msg_type": "execute_request",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    stdout, status, deadline = [], None, time.time() + timeout
    while time.time() < deadline and status is None:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            stdout.append("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "execute_reply":
            status = msg["content"]["status"]
    return status or "timeout", "".join(stdout)


def test_jupyterlab_lists_notebooks_and_runs_the_project_kernel(tmp_path):
    import websocket

    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    jupyter = Path(sys.executable).with_name("jupyter")
    log_file = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={paths.PROJECT_ROOT}",
            "--ServerApp.open_browser=False",
            "--allow-root",  # CI runs as root
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        cwd=tmp_path,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )
    log = lambda: (tmp_path / "server.log").read_text(errors="replace")[-2000:]  # noqa: E731
    try:
        deadline = time.time() + 60
        while True:
            try:
                _api(base, token, "/api/status")
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start in 60 s: " + log())
                time.sleep(0.3)
        listing = _api(base, token, "/api/contents/notebooks")
        names = sorted(item["name"] for item in listing["content"])
        assert names == sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
        assert "00-source-overview.ipynb" in names
        kernel = _api(base, token, "/api/kernels", "POST", {"name": "python3"})
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels",
            header=[f"Authorization: token {token}"],
            timeout=60,
        )
        try:
            status, out = _execute(
                ws,
                "import sys, analysis\nfrom analysis import data\n"
                "pkg = data.load_package()\n"
                "print(sys.prefix == sys.base_prefix, len(pkg.stages), pkg.stages['city_en'].iloc[-1])",
            )
        finally:
            ws.close()
        assert status == "ok", out
        assert out.strip() == "False 4 Kuwait City"  # the venv's interpreter, the real package
        _api(base, token, f"/api/kernels/{kernel['id']}", "DELETE")
        assert _api(base, token, "/api/kernels") == []
    finally:
        try:
            _api(base, token, "/api/shutdown", "POST")
            server.wait(timeout=20)
        except Exception:
            server.kill()
            server.wait(timeout=20)
        log_file.close()
