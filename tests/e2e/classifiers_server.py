"""A tiny HTTP server for tests/e2e/test_classifiers.sh: serves the files of
a folder on 127.0.0.1 at a free port (bound to port 0), writes the port to
a file once it listens, and answers 404 for anything else.

usage: /usr/bin/python3 classifiers_server.py DIR PORTFILE
"""
import functools
import http.server
import os
import sys


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    root, portfile = sys.argv[1], sys.argv[2]
    handler = functools.partial(Quiet, directory=root)
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
