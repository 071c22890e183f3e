"""Django's Redis cache, keeping one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a ``redis.Redis`` object for every cache
operation (about 170 response callbacks registered each time): on a page served from the page
cache that was a third of the CPU. The client is thread-safe and Django's cache handler
already gives each thread its own backend instance, so one client per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    """``RedisCacheClient`` whose ``get_client`` returns the same client for the same pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's ``RedisCache`` with the client above (``CACHES`` in settings/base.py)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
