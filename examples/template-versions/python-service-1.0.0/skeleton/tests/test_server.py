import json
import os
import signal
import subprocess
import sys
import unittest
from http.client import HTTPConnection
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")


def start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app"],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": SRC, **env},
        stdout=subprocess.PIPE,
        text=True,
    )


class ServerProcessTest(unittest.TestCase):
    def test_listens_on_the_port_from_env_and_stops_on_sigterm(self) -> None:
        process = start({"PORT": "0", "HOST": "127.0.0.1"})
        try:
            assert process.stdout is not None
            port = 0
            for line in process.stdout:
                entry = json.loads(line)
                if entry["msg"] == "listening":
                    port = entry["port"]
                    break
            self.assertGreater(port, 0)
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            self.assertEqual(connection.getresponse().status, 200)
            connection.close()
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=10), 0)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout:
                process.stdout.close()

    def test_refuses_an_invalid_port(self) -> None:
        process = start({"PORT": "http"})
        output, _ = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 1)
        self.assertIn("PORT must be a whole number", output)


if __name__ == "__main__":
    unittest.main()
