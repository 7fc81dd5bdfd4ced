import http.server, json, sys
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0))
        body = self.rfile.read(n).decode()
        out = json.dumps({'method': 'POST', 'path': self.path, 'body': body, 'ctype': self.headers.get('Content-Type'), 'auth': self.headers.get('Authorization')}).encode()
        code = 201 if self.path == '/created' else 200
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(out)))
        self.send_header('X-Custom-Header', 'yes')
        self.end_headers()
        self.wfile.write(out)
    def do_PUT(self):
        self.do_POST()
http.server.ThreadingHTTPServer(('127.0.0.1', 8765), lambda *a: H(*a, directory='/srv/www')).serve_forever()
