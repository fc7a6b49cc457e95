"""The secret box (api.security): stored secrets encrypted with one key, and a neutral error when the
key changed (it holds candidate tokens as well as webhook secrets)."""

import pytest
from cryptography.fernet import Fernet

from api.security import KEY_FILE, SecretBox, SecretUnreadable


def test_round_trip_and_key_file(tmp_path):
    box = SecretBox("", tmp_path)
    stored = box.encrypt("inv_abc")
    assert "inv_abc" not in stored and box.decrypt(stored) == "inv_abc"
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert SecretBox("", tmp_path).decrypt(stored) == "inv_abc"  # the same key file next time


def test_a_changed_key_says_so_without_naming_webhooks(tmp_path):
    stored = SecretBox(Fernet.generate_key().decode()).encrypt("inv_candidate-token")
    with pytest.raises(SecretUnreadable) as caught:
        SecretBox(Fernet.generate_key().decode()).decrypt(stored)
    message = str(caught.value)
    assert message.startswith("a stored secret cannot be decrypted")
    assert "ASSAY_WEBHOOK_SECRET_KEY" in message  # the setting to fix, by its name
    assert "webhook secret cannot" not in message
    assert isinstance(caught.value, RuntimeError)  # callers that caught RuntimeError still do
