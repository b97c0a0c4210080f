"""The test settings keep every file the suite writes in a throw-away folder, whatever the
environment says (the Makefile exports DATA_DIR=./data for `make run`)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "data_dir": str(settings.DATA_DIR),
    "media": str(settings.MEDIA_ROOT),
    "ledger_key": str(settings.LEDGER_KEY_PATH),
    "sms": str(settings.SMS_FILE_PATH),
}))
"""


def test_the_test_settings_ignore_a_data_dir_and_key_paths_from_the_environment(tmp_path):
    given = tmp_path / "developer-data"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openvillage.settings_test",
        "DATA_DIR": str(given),
        "LEDGER_KEY_PATH": str(given / "ledger.pem"),
        "SMS_FILE_PATH": str(given / "sms"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    data_dir = Path(seen["data_dir"])
    assert data_dir != given
    for path in seen.values():
        assert Path(path).is_relative_to(data_dir), path
    # The folder is removed when the test process ends, and nothing was written where asked.
    assert not data_dir.exists()
    assert not given.exists()


def test_this_run_writes_into_a_temporary_folder_not_the_checkout():
    checkout = Path(__file__).resolve().parents[3]
    assert not Path(settings.DATA_DIR).is_relative_to(checkout)
    assert Path(settings.DATA_DIR).name.startswith("openvillage-test-")
