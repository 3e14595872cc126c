# SPDX-License-Identifier: EUPL-1.2
"""The Redis cache keeps one client per pool and still behaves as Django's."""

import os
import threading

import pytest
import redis

from balie.core.redis_cache import ReusingRedisCache

REDIS_URL = os.environ.get("BALIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.fail(f"needs Redis at {REDIS_URL}")
    cache = ReusingRedisCache(REDIS_URL, {"KEY_PREFIX": "test-reusing-cache"})
    yield cache
    cache.clear()


def test_every_operation_uses_the_same_client(redis_cache):
    # When the cache is used a few times
    redis_cache.set("a", 1)
    first = redis_cache._cache.get_client(write=True)
    redis_cache.incr("a")
    redis_cache.get("a")

    # Then one client object served every call
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache._cache.get_client(write=False) is first


def test_it_stores_counts_and_adds_like_djangos_cache(redis_cache):
    assert redis_cache.add("key", 5) is True
    assert redis_cache.add("key", 6) is False
    assert redis_cache.incr("key") == 6
    assert redis_cache.get("key") == 6
    with pytest.raises(ValueError):
        redis_cache.incr("missing")


def test_threads_share_the_client_without_mixing_answers(redis_cache):
    # Given eight threads each counting their own key through the one client
    errors = []

    def count(n: int) -> None:
        try:
            redis_cache.set(f"t{n}", 0)
            for _ in range(50):
                redis_cache.incr(f"t{n}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=count, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then every key holds exactly its own count
    assert errors == []
    assert [redis_cache.get(f"t{n}") for n in range(8)] == [50] * 8
