-- wrk: every request is one list_groups (quick search) through the HTTP face, credentials in headers.
wrk.method = "POST"
wrk.path = "/v1/list_groups"
wrk.body = '{"q": "Eng", "maxRetries": 0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "SSWS demo-okta-token"
wrk.headers["X-Okta-Domain"] = os.getenv("OKTA_DOMAIN") or "http://127.0.0.1:18140"
