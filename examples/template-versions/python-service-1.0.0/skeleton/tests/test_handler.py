import json
import threading
import unittest
from http.client import HTTPConnection
from http.server import ThreadingHTTPServer
from urllib.parse import quote

from app.handler import SECURITY_HEADERS, ReadyState, make_handler


class HandlerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.state = ReadyState()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(cls.state))
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()

    def request(self, method: str, path: str, body: bytes | None = None):
        connection = HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=5)
        connection.request(method, path, body=body)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def test_healthz_answers_ok_with_security_headers(self) -> None:
        response, data = self.request("GET", "/healthz")
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(data), {"status": "ok"})
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(response.getheader(name), value, name)
        self.assertTrue(response.getheader("Content-Type").startswith("application/json"))
        self.assertNotIn("Python", response.getheader("Server") or "")

    def test_hello_greets_by_name(self) -> None:
        response, data = self.request("GET", "/api/hello?name=" + quote("Ada Lovelace"))
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(data), {"message": "Hello, Ada Lovelace!"})

    def test_hello_defaults_to_world(self) -> None:
        _, data = self.request("GET", "/api/hello")
        self.assertEqual(json.loads(data), {"message": "Hello, world!"})

    def test_hello_rejects_markup_and_long_names(self) -> None:
        response, data = self.request("GET", "/api/hello?name=" + quote("<script>"))
        self.assertEqual(response.status, 400)
        self.assertNotIn(b"<script>", data)
        response, _ = self.request("GET", "/api/hello?name=" + "a" * 65)
        self.assertEqual(response.status, 400)
        response, _ = self.request("GET", "/api/hello?name=")
        self.assertEqual(response.status, 400)

    def test_unknown_path_is_a_json_404(self) -> None:
        response, data = self.request("GET", "/nope")
        self.assertEqual(response.status, 404)
        self.assertEqual(json.loads(data), {"error": "not found"})

    def test_other_methods_get_405_with_allow(self) -> None:
        response, data = self.request("POST", "/healthz", body=b"x")
        self.assertEqual(response.status, 405)
        self.assertEqual(response.getheader("Allow"), "GET, HEAD")
        self.assertEqual(json.loads(data), {"error": "method not allowed"})

    def test_unknown_method_answers_json_not_an_html_error_page(self) -> None:
        response, data = self.request("BREW", "/healthz")
        self.assertEqual(response.status, 501)
        self.assertEqual(json.loads(data), {"error": "internal error"})
        self.assertNotIn(b"<html", data.lower())

    def test_readyz_follows_the_ready_state(self) -> None:
        self.assertEqual(self.request("GET", "/readyz")[0].status, 200)
        self.state.set_ready(False)
        try:
            self.assertEqual(self.request("GET", "/readyz")[0].status, 503)
        finally:
            self.state.set_ready(True)



class FailingState(ReadyState):
    """A readiness check that fails the way a broken dependency would."""

    def is_ready(self) -> bool:
        raise ConnectionError("database at 10.0.0.7 refused the password")


class HandlerFailureTest(unittest.TestCase):
    def test_a_failing_check_answers_500_without_details(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(FailingState()))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            connection = HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
            connection.request("GET", "/readyz")
            response = connection.getresponse()
            data = response.read()
            connection.close()
            self.assertEqual(response.status, 500)
            self.assertEqual(json.loads(data), {"error": "internal error"})
            for leak in (b"10.0.0.7", b"password", b"Traceback"):
                self.assertNotIn(leak, data)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
