"""Container health checks for docker-compose.yml, with nothing but the standard library.

`web`: the site answers /health/ (503 counts as serving: /health/ then names the service that is
down, and restarting the web server would not bring it back). `redis URL`: the broker answers.
"""

import os
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request


def web() -> bool:
    # Ask as one of the site's own host names, or Django answers 400 (DisallowedHost).
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request("http://127.0.0.1:8000/health/",
                                     headers={"Host": "localhost" if host in ("", "*") else host})
    try:
        urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error.code == 503
    except OSError:
        return False
    return True


def redis(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=3) as link:
            link.sendall(b"PING\r\n")
            return link.recv(64).startswith(b"+PONG")
    except OSError:
        return False


if __name__ == "__main__":
    check, *arguments = sys.argv[1:]
    sys.exit(0 if {"web": web, "redis": redis}[check](*arguments) else 1)
