# SPDX-License-Identifier: EUPL-1.2
"""The development provider's signing key: made once per process, never written to disk.

The provider and Balie run in the same runserver process, so Balie always fetches the key
that signed its tokens; a restart makes a new key and Balie's cached key set with it.
"""

import threading
from typing import Any

from joserfc.jwk import KeySet, RSAKey

_lock = threading.Lock()
_key: RSAKey | None = None
KEY_ID = "balie-dev-idp-1"


def get_signing_key() -> RSAKey:
    global _key
    with _lock:
        if _key is None:
            _key = RSAKey.generate_key(
                2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"}, private=True
            )
        return _key


def get_public_key_set() -> dict[str, Any]:
    return dict(KeySet([get_signing_key()]).as_dict(private=False))
