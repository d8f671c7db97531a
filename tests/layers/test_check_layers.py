#!/usr/bin/env python3
"""Self-test of check_layers.py on fixtures/: each kind of breach is found, at its line, and
nothing that is allowed (comments, prose, app/ including everything, storage/ holding SQL, the
allow-list, shared headers) is reported."""
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import check_layers  # noqa: E402


class CheckLayersTest(unittest.TestCase):
    def setUp(self):
        allow = {("web/routes_wip.cpp", "storage"), ("web/routes_gone.cpp", "storage")}
        self.findings = check_layers.check(HERE / "fixtures", allow)

    def test_reports_exactly_the_breaches(self):
        expected = [
            "storage/repo.cpp:3: storage/ includes core/common/result.h",
            "core/service.cpp:3: core/ includes web/router.h",
            'core/service.cpp:11: SQL outside storage/: "SELECT id, name FROM events WHERE id = ?"',
            'core/service.cpp:13: SQL outside storage/: "DELETE FROM orders WHERE id = ?"',
            'core/service.cpp:16: SQL outside storage/: "select * from tickets"',
            'core/service.cpp:17: SQL outside storage/: "INSERT OR IGNORE INTO seen (key) VALUES',
            "core/service.cpp:18: SQLite API outside storage/: sqlite3_exec(",
            'core/service.cpp:19: HTTP API path in core/: "/api/v1/events/"',
            "web/routes_x.cpp:4: web/ includes storage/users_repo.h",
            "web/routes_x.cpp:7: web/ names storage:: of the forbidden layer storage/",
            "allow-list entry ('web/routes_gone.cpp', 'storage') matches nothing",
        ]
        for want in expected:
            self.assertTrue(any(want in f for f in self.findings),
                            f"missing: {want}\ngot:\n" + "\n".join(self.findings))
        self.assertEqual(len(self.findings), len(expected), "\n".join(self.findings))


if __name__ == "__main__":
    unittest.main()
