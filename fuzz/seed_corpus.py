#!/usr/bin/env python3
"""Writes a seed corpus for the decode_response fuzz target from Okta recordings.

Each recorded answer (status, headers, body) becomes one input in the target's layout: the
status as 2 big-endian bytes (status - 100), `name: value` header lines, an empty line, the
body. A few hand-made answers (a 429, a redirect, a proxy error page) are added. The corpus is
git-ignored: the recordings stay where they are.

    python3 fuzz/seed_corpus.py [RECORDINGS_DIR] [CORPUS_DIR]

Defaults: host-test/tests/recordings and fuzz/corpus/decode_response.
"""

import hashlib
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
recordings = (
    pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "host-test" / "tests" / "recordings"
)
corpus = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "corpus" / "decode_response"


def encode(status, headers, body):
    head = b"".join(f"{name}: {value}\n".encode() for name, value in headers)
    return (status - 100).to_bytes(2, "big") + head + b"\n" + body.encode()


answers = []
for path in sorted(recordings.glob("*.json")):
    for interaction in json.loads(path.read_text())["interactions"]:
        response = interaction["response"]
        answers.append((response["status"], response["headers"], response["body"] or ""))

answers += [
    (429, [("Date", "Thu, 27 Aug 2020 18:21:49 GMT"), ("x-rate-limit-reset", "1598552525"),
           ("x-okta-request-id", "req1")],
     '{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit","errorCauses":[]}'),
    # The largest reset with a `Date` of the epoch: `reset - now + 1` once overflowed here.
    (429, [("Date", "Thu, 01 Jan 1970 00:00:00 GMT"), ("x-rate-limit-reset", str(2**64 - 1))], ""),
    (302, [("Location", "https://evil.example/")], ""),
    (502, [("Content-Type", "text/html")], "<html><body>Bad Gateway</body></html>"),
    (200, [("link", '<https://x.okta.com/api/v1/users?limit=2>; rel="self"'),
           ("link", '<https://x.okta.com/api/v1/users?after=00u2&limit=2>; rel="next"')],
     '[{"id":"00u1","status":"ACTIVE","profile":{"login":null}}]'),
    (200, [], '{"activationUrl":"https://x/a","activationToken":"t"}'),
    (200, [], '{"resetPasswordUrl":"https://x/r"}'),
]

corpus.mkdir(parents=True, exist_ok=True)
for status, headers, body in answers:
    data = encode(status, headers, body)
    (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
print(f"wrote {len(answers)} inputs to {corpus}")
