"""A tiny HTTP server for tests/e2e/test_classifiers.sh: serves the files of
a folder on 127.0.0.1 at a free port (bound to port 0), writes the port as
one line to PORTFIFO (a named pipe the test reads with a timeout) once it
listens, and answers 404 for anything else.

usage: /usr/bin/python3 classifiers_server.py DIR PORTFIFO
"""
import functools
import http.server
import sys


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    root, portfifo = sys.argv[1], sys.argv[2]
    handler = functools.partial(Quiet, directory=root)
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    with open(portfifo, "w") as f:
        f.write("%d\n" % server.server_address[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
