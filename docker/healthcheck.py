"""Container health checks, without curl in the image.

python docker/healthcheck.py web     the public domain answers below 500 (database reachable)
python docker/healthcheck.py broker  Redis answers PING (beat has nothing else to probe)
"""

import http.client
import os
import sys


def check_web() -> bool:
    connection = http.client.HTTPConnection(
        "127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=5
    )
    # The same headers the reverse proxy sends: the public host, over HTTPS.
    connection.request(
        "GET", "/", headers={"Host": os.environ["PUBLIC_DOMAIN"], "X-Forwarded-Proto": "https"}
    )
    return connection.getresponse().status < 500


def check_broker() -> bool:
    import redis

    return bool(redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5).ping())


if __name__ == "__main__":
    checks = {"web": check_web, "broker": check_broker}
    try:
        healthy = checks[sys.argv[1]]()
    except Exception as error:  # noqa: BLE001  (any failure means unhealthy)
        print(f"unhealthy: {error!r}", file=sys.stderr)
        healthy = False
    sys.exit(0 if healthy else 1)
