"""Lists every user of an org with Okta's official Python SDK, the way its docs show, and
prints the median time of RUNS listings as JSON. Used by bench/peer.sh against
`okta-block serve` on loopback (hence the SDK's testing switch for plain http)."""

import asyncio
import json
import os
import statistics
import sys
import time

from okta import __version__ as SDK_VERSION
from okta.client import Client as OktaClient


async def list_all(client: OktaClient) -> int:
    """Every user, 200 a page, the way each major version documents its paging."""
    if SDK_VERSION.startswith("3."):
        from okta.pagination import PaginationHelper

        count, cursor = 0, None
        while True:
            users, response, error = await client.list_users(search="profile.login pr", limit=200, after=cursor)
            if error:
                raise RuntimeError(error)
            count += len(users)
            cursor = PaginationHelper.extract_next_cursor(response.headers)
            if not cursor:
                return count
    users, response, error = await client.list_users({"search": "profile.login pr", "limit": 200})
    if error:
        raise RuntimeError(error)
    count = len(users)
    while response.has_next():
        page, error = await response.next()
        if error:
            raise RuntimeError(error)
        count += len(page)
    return count


async def main(origin: str, token: str, expected: int, runs: int) -> None:
    config = {
        "orgUrl": origin,
        "token": token,
        "cache": {"enabled": False},
        "rateLimit": {"maxRetries": 2},
    }
    samples = []
    async with OktaClient(config) as client:
        for _ in range(runs):
            start = time.perf_counter()
            count = await list_all(client)
            samples.append(time.perf_counter() - start)
            if count != expected:
                raise RuntimeError(f"listed {count} of {expected}")
    print(json.dumps({"users": expected, "runs": runs, "sdk": SDK_VERSION, "median_ms": statistics.median(samples) * 1e3}))


if __name__ == "__main__":
    # The SDK's own switch for testing against plain http, read from the environment.
    os.environ["OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"] = "true"
    origin, token, expected, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    asyncio.run(main(origin, token, expected, runs))
