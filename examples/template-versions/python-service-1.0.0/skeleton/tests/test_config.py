import unittest

from app.config import Config, load_config


class ConfigTest(unittest.TestCase):
    def test_defaults(self) -> None:
        expected = Config(port=8080, host="0.0.0.0", shutdown_timeout_s=10.0)
        self.assertEqual(load_config({}), expected)

    def test_reads_port_and_host(self) -> None:
        config = load_config({"PORT": "9090", "HOST": "127.0.0.1"})
        self.assertEqual((config.port, config.host), (9090, "127.0.0.1"))

    def test_rejects_invalid_ports(self) -> None:
        with self.assertRaisesRegex(ValueError, "PORT must be a whole number"):
            load_config({"PORT": "80abc"})
        with self.assertRaisesRegex(ValueError, "PORT must be between 0 and 65535"):
            load_config({"PORT": "70000"})
        with self.assertRaisesRegex(ValueError, "PORT must be a whole number"):
            load_config({"PORT": "-1"})


if __name__ == "__main__":
    unittest.main()
