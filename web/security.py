"""Secure defaults on every response (what Flask-Talisman would set, minus HTTPS
redirects, which belong to the reverse proxy in front of gunicorn).

The Content-Security-Policy lets pages run and style only what this server sends as
files: no inline scripts, handlers or styles (page data travels in
`<script type="application/json">` blocks, read by web/static/js/*), nothing embedded
from elsewhere, no framing, forms posting only here. Fonts and images may be data: URLs
(bpmn-js embeds its icon font and logo that way)."""

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
CSP = "; ".join(POLICY)
# dmn-js writes a few style attributes (a hidden measuring box, its logo's position), so do
# bpmn-js-properties-panel (its container's height) and the token simulation (the colours of
# its scopes): the modeler pages alone also allow style attributes, never style elements or
# scripts.
CSP_WITH_STYLE_ATTRIBUTES = "; ".join((*POLICY, "style-src-attr 'unsafe-inline'"))

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def register(app):
    @app.after_request
    def secure_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
